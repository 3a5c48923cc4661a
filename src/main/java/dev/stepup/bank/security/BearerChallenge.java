package dev.stepup.bank.security;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * One refusal of a bearer token: the status, the {@code WWW-Authenticate}
 * challenge (RFC 6750, RFC 9470) and the matching problem body (RFC 9457), so
 * the header and the body can never disagree.
 */
public record BearerChallenge(HttpStatus status, String error, String title, String description,
		Map<String, String> parameters) {

	public static final String INVALID_TOKEN = "invalid_token";

	public static final String INVALID_REQUEST = "invalid_request";

	public static final String INSUFFICIENT_SCOPE = "insufficient_scope";

	public static final String INSUFFICIENT_USER_AUTHENTICATION = "insufficient_user_authentication";

	/** RFC 9449 section 7.1: the DPoP proof is missing, malformed or does not match the request. */
	public static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";

	/** RFC 9449 section 9: send a proof with the nonce in the {@code DPoP-Nonce} header. */
	public static final String USE_DPOP_NONCE = "use_dpop_nonce";

	/**
	 * Not registered by RFC 9396, which names only the authorization server's
	 * {@code invalid_authorization_details}; named like RFC 6750's
	 * {@code insufficient_scope} because it is its counterpart: the token is
	 * good, but does not authorize this request, and the client must ask for a
	 * token with the right authorization_details.
	 */
	public static final String INSUFFICIENT_AUTHORIZATION_DETAILS = "insufficient_authorization_details";

	private static final String PROBLEM_BASE = "urn:stepup-bank:problem:";

	public BearerChallenge {
		parameters = Map.copyOf(parameters);
	}

	/** No token at all: RFC 6750 section 3.1 says no error code. */
	public static BearerChallenge missingToken() {
		return new BearerChallenge(HttpStatus.UNAUTHORIZED, null, "Authentication required",
				"send an access token in the Authorization header", Map.of());
	}

	public static BearerChallenge invalidToken(String description) {
		return new BearerChallenge(HttpStatus.UNAUTHORIZED, INVALID_TOKEN, "Invalid access token", description, Map.of());
	}

	public static BearerChallenge invalidRequest(String description) {
		return new BearerChallenge(HttpStatus.BAD_REQUEST, INVALID_REQUEST, "Invalid token request", description,
				Map.of());
	}

	public static BearerChallenge insufficientScope(String scope, String description) {
		return new BearerChallenge(HttpStatus.FORBIDDEN, INSUFFICIENT_SCOPE, "Insufficient scope", description,
				Map.of("scope", scope));
	}

	public static BearerChallenge invalidDpopProof(String description) {
		return new BearerChallenge(HttpStatus.UNAUTHORIZED, INVALID_DPOP_PROOF, "Invalid DPoP proof", description,
				Map.of());
	}

	public static BearerChallenge useDpopNonce(String description) {
		return new BearerChallenge(HttpStatus.UNAUTHORIZED, USE_DPOP_NONCE, "DPoP nonce required", description,
				Map.of());

	}

	/** The token is bound to other payments (RFC 9396), or binding is required and it is bound to none. */
	public static BearerChallenge insufficientAuthorizationDetails(String description) {
		return new BearerChallenge(HttpStatus.FORBIDDEN, INSUFFICIENT_AUTHORIZATION_DETAILS, "Payment not authorized",
				description, Map.of());
	}

	/** RFC 9470: the client must send the user back to authenticate with {@code acrValues}, within {@code maxAgeSeconds}. */
	public static BearerChallenge insufficientUserAuthentication(String acrValues, Long maxAgeSeconds,
			String description) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("acr_values", acrValues);
		if (maxAgeSeconds != null) {
			parameters.put("max_age", Long.toString(maxAgeSeconds));
		}
		return new BearerChallenge(HttpStatus.UNAUTHORIZED, INSUFFICIENT_USER_AUTHENTICATION,
				"Step-up authentication required", description, parameters);
	}

	/**
	 * The header value with RFC 9728's {@code resource_metadata} last: where a
	 * client finds the authorization server to get a (better) token from.
	 */
	public String headerValueWithResourceMetadata(String resourceMetadata) {
		String resourceMetadataParameter = "resource_metadata=\"" + quotable(resourceMetadata) + "\"";
		return this.error == null ? "Bearer " + resourceMetadataParameter
				: headerValue() + ", " + resourceMetadataParameter;
	}

	/**
	 * The header value, parameters in the order of DESIGN.md: error, then the
	 * hints (scope, acr_values, max_age), then error_description. max_age is a
	 * number and goes unquoted; every other value is a quoted string.
	 */
	public String headerValue() {
		return headerValue("Bearer");
	}

	/** The same challenge under another scheme: RFC 9449 section 7.1 reuses RFC 6750's parameters for DPoP. */
	public String headerValue(String scheme) {
		if (this.error == null) {
			return scheme;
		}
		StringJoiner joiner = new StringJoiner(", ", scheme + " ", "");
		joiner.add("error=\"" + this.error + "\"");
		for (String name : new String[] { "scope", "acr_values", "max_age" }) {
			String value = this.parameters.get(name);
			if (value != null) {
				joiner.add(name.equals("max_age") ? name + "=" + value : name + "=\"" + quotable(value) + "\"");
			}
		}
		joiner.add("error_description=\"" + quotable(this.description) + "\"");
		return joiner.toString();
	}

	public ProblemDetail problem() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(this.status, this.description);
		problem.setTitle(this.title);
		problem.setType(URI.create(PROBLEM_BASE + (this.error != null ? this.error.replace('_', '-') : "unauthorized")));
		if (this.error != null) {
			problem.setProperty("error", this.error);
		}
		this.parameters.forEach(problem::setProperty);
		return problem;
	}

	/** RFC 6750 allows %x20-21 / %x23-5B / %x5D-7E in these values: no quote, no backslash, printable ASCII only. */
	public static String quotable(String value) {
		StringBuilder out = new StringBuilder(value.length());
		for (char c : value.toCharArray()) {
			out.append(c >= 0x20 && c <= 0x7E && c != '"' && c != '\\' ? c : '\'');
		}
		return out.toString();
	}

}
