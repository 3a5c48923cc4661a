package dev.stepup.bank.security;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import dev.stepup.bank.security.dpop.DPoPChallenges;
import dev.stepup.bank.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Answers a valid token that may not make this call, like Spring Security's
 * {@code BearerTokenAccessDeniedHandler}: the challenge a
 * {@link ChallengeDecision} carries (the step-up rule: 403
 * insufficient_scope, 401 insufficient_user_authentication, 401
 * invalid_token), 403 insufficient_scope naming the {@link RequiredScope} a
 * scope rule asked for, else a plain 403. Each refusal is counted once, with
 * the subject, client and jti hash of the token.
 */
@Component
public class BearerTokenAccessDeniedHandler implements AccessDeniedHandler {

	private final ProblemWriter problems;

	private final TokenRefusals refusals;

	private final DPoPChallenges dpop;

	BearerTokenAccessDeniedHandler(ProblemWriter problems, TokenRefusals refusals, DPoPChallenges dpop) {
		this.problems = problems;
		this.refusals = refusals;
		this.dpop = dpop;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		AuthorizationResult result = (denied instanceof AuthorizationDeniedException d) ? d.getAuthorizationResult()
				: null;
		if (result instanceof ChallengeDecision decision) {
			BearerChallenge challenge = decision.challenge();
			this.refusals.stepUpRefused(refusal(challenge, decision.reason()), request.getMethod(),
					request.getRequestURI());
			this.dpop.write(request, response, challenge);
			return;
		}
		String scope = RequiredScope.of(result);
		if (scope != null) {
			BearerChallenge challenge = BearerChallenge.insufficientScope(scope, "this call needs the " + scope + " scope");
			this.refusals.refused(refusal(challenge, "missing_scope"), request.getMethod(), request.getRequestURI());
			this.dpop.write(request, response, challenge);
			return;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
				"this token is not allowed to make this call");
		problem.setTitle("Forbidden");
		problem.setType(URI.create("urn:stepup-bank:problem:forbidden"));
		this.refusals.refused(new TokenRefusals.Refusal("forbidden", "no_rule", problem.getDetail(), who()),
				request.getMethod(), request.getRequestURI());
		this.problems.write(response, problem, Map.of());
	}

	private static TokenRefusals.Refusal refusal(BearerChallenge challenge, String cause) {
		return new TokenRefusals.Refusal(challenge.error(), cause, challenge.description(), who());
	}

	private static TokenIdentity who() {
		return SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken jwt
				? TokenIdentity.of(jwt) : TokenIdentity.UNKNOWN;
	}

}
