package dev.stepup.bank.security;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.stepup.bank.security.token.SigningKeysUnavailable;
import dev.stepup.bank.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * Every refusal the filter chain makes, answered in one place: the entry point
 * (401 no token / invalid token, 400 invalid request, 503 keys unavailable) and
 * the access denied handler (403 insufficient_scope, 401
 * insufficient_user_authentication, 401 invalid_token for a token that is not a
 * valid transfer token). Each refusal is logged once with its reason, the
 * subject and a hash of the jti; never the token.
 */
@Component
public class BearerTokenChallenges implements AuthenticationEntryPoint, AccessDeniedHandler {

	private static final Logger log = LoggerFactory.getLogger(BearerTokenChallenges.class);

	private static final String DECODE_PREFIX = "An error occurred while attempting to decode the Jwt: ";

	private static final Pattern SCOPE_IN_EXPRESSION = Pattern.compile("SCOPE_([\\x21\\x23-\\x5B\\x5D-\\x7E]+?)'");

	private final ProblemWriter problems;

	private final SecurityProperties properties;

	private final TokenRefusals refusals;

	BearerTokenChallenges(ProblemWriter problems, SecurityProperties properties, TokenRefusals refusals) {
		this.problems = problems;
		this.properties = properties;
		this.refusals = refusals;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		if (SigningKeysUnavailable.isCause(failure)) {
			log.warn("signing keys unavailable: {}", rootMessage(failure));
			this.refusals.refused("unavailable", "keys_unavailable", "signing keys unavailable", TokenRefusals.Who.UNKNOWN,
					false,
					request.getMethod(), request.getRequestURI());
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"the authorization server's signing keys cannot be fetched right now; retry later");
			problem.setTitle("Token verification unavailable");
			problem.setType(URI.create("urn:stepup-bank:problem:keys-unavailable"));
			this.problems.write(response, problem, Map.of(HttpHeaders.RETRY_AFTER,
					Long.toString(this.properties.jwks().retryAfter().toSeconds())));
			return;
		}
		BearerChallenge challenge = challengeFor(failure);
		if (challenge.error() != null) {
			this.refusals.refused(challenge.error(), cause(challenge.description()), challenge.description(),
					TokenRefusals.Who.UNKNOWN, false, request.getMethod(), request.getRequestURI());
		}
		write(request, response, challenge);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
			throws IOException {
		AuthorizationResult result = (denied instanceof AuthorizationDeniedException d) ? d.getAuthorizationResult()
				: null;
		BearerChallenge challenge;
		String cause;
		boolean stepUp = result instanceof ChallengeDecision;
		String scope = requiredScope(result);
		if (result instanceof ChallengeDecision decision) {
			challenge = decision.challenge();
			cause = decision.reason();
		}
		else if (scope != null) {
			challenge = BearerChallenge.insufficientScope(scope, "this call needs the " + scope + " scope");
			cause = "missing_scope";
		}
		else {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
					"this token is not allowed to make this call");
			problem.setTitle("Forbidden");
			problem.setType(URI.create("urn:stepup-bank:problem:forbidden"));
			this.refusals.refused("forbidden", "no_rule", problem.getDetail(), who(), false, request.getMethod(),
					request.getRequestURI());
			this.problems.write(response, problem, Map.of());
			return;
		}
		this.refusals.refused(challenge.error(), cause, challenge.description(), who(), stepUp, request.getMethod(),
				request.getRequestURI());
		write(request, response, challenge);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, BearerChallenge challenge)
			throws IOException {
		this.problems.write(response, challenge.problem(),
				Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge.headerValue(ResourceMetadata.url(request))));
	}

	private static BearerChallenge challengeFor(AuthenticationException failure) {
		if (failure instanceof OAuth2AuthenticationException oauth) {
			OAuth2Error error = oauth.getError();
			String description = describe(error.getDescription());
			if (error instanceof BearerTokenError bearer && bearer.getHttpStatus() == HttpStatus.BAD_REQUEST) {
				return BearerChallenge.invalidRequest(description);
			}
			return BearerChallenge.invalidToken(description);
		}
		return BearerChallenge.missingToken();
	}

	private static String describe(String description) {
		if (description == null || description.isBlank()) {
			return "the access token is not valid";
		}
		return description.startsWith(DECODE_PREFIX) ? description.substring(DECODE_PREFIX.length()) : description;
	}

	private static String requiredScope(AuthorizationResult result) {
		if (result instanceof AuthorityAuthorizationDecision authorities) {
			return authorities.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.filter((authority) -> authority.startsWith(Scopes.AUTHORITY_PREFIX))
				.map((authority) -> authority.substring(Scopes.AUTHORITY_PREFIX.length()))
				.findFirst()
				.orElse(null);
		}
		if (result instanceof ExpressionAuthorizationDecision expression) {
			Matcher matcher = SCOPE_IN_EXPRESSION.matcher(expression.getExpression().getExpressionString());
			return matcher.find() ? matcher.group(1) : null;
		}
		return null;
	}

	private static TokenRefusals.Who who() {
		if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken jwt) {
			String who = jwt.getName() != null ? jwt.getName() : jwt.getToken().getSubject();
			return TokenRefusals.Who.of(who, TokenClaims.clientId(jwt.getToken()), TokenClaims.tokenId(jwt.getToken()));
		}
		return TokenRefusals.Who.UNKNOWN;
	}

	/** A low-cardinality label for an invalid token, for metrics: never the free-text description. */
	static String cause(String description) {
		String text = description.toLowerCase(Locale.ROOT);
		for (String[] rule : CAUSES) {
			if (text.contains(rule[0])) {
				return rule[1];
			}
		}
		return "other";
	}

	private static final String[][] CAUSES = { { "expired", "expired" }, { "nbf", "not_yet_valid" },
			{ "not before", "not_yet_valid" }, { "iat", "issued_in_future" }, { "iss claim", "issuer" },
			{ "aud claim", "audience" }, { "sub claim", "subject" }, { "typ", "type" }, { "larger than", "too_large" },
			{ "invalid signature", "bad_signature" }, { "no matching key", "unknown_key_or_algorithm" },
			{ "no signing key", "unknown_key" }, { "unsupported algorithm", "algorithm" },
			{ "malformed", "malformed" }, { "more than one", "duplicate_token" }, { "query string", "token_in_query" },
			{ "in the body", "token_in_body" }, { "exp", "expiry" } };

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
