package dev.stepup.bank.security;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import dev.stepup.bank.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The answer when no token can be verified because the authorization server's
 * signing keys cannot be fetched and none are cached: 503 with
 * {@code Retry-After}, counted as {@code unavailable}. Not a fault of the
 * token, so no challenge: a client that retries later with the same token is
 * right to.
 */
@Component
class KeysUnavailableResponse {

	private static final Logger log = LoggerFactory.getLogger(KeysUnavailableResponse.class);

	private static final TokenRefusals.Refusal REFUSAL = new TokenRefusals.Refusal("unavailable", "keys_unavailable",
			"signing keys unavailable", TokenIdentity.UNKNOWN);

	private final ProblemWriter problems;

	private final SecurityProperties properties;

	private final TokenRefusals refusals;

	KeysUnavailableResponse(ProblemWriter problems, SecurityProperties properties, TokenRefusals refusals) {
		this.problems = problems;
		this.properties = properties;
		this.refusals = refusals;
	}

	void write(HttpServletRequest request, HttpServletResponse response, Throwable failure) throws IOException {
		log.warn("signing keys unavailable: {}", rootMessage(failure));
		this.refusals.refused(REFUSAL, request.getMethod(), request.getRequestURI());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"the authorization server's signing keys cannot be fetched right now; retry later");
		problem.setTitle("Token verification unavailable");
		problem.setType(URI.create("urn:stepup-bank:problem:keys-unavailable"));
		this.problems.write(response, problem,
				Map.of(HttpHeaders.RETRY_AFTER, Long.toString(this.properties.jwks().retryAfter().toSeconds())));
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
