package dev.stepup.bank.security.token;

import java.util.Collections;
import java.util.List;

import dev.stepup.bank.security.AuthorizationHeader;
import dev.stepup.bank.security.TokenError;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.util.unit.DataSize;

/**
 * Accepts a bearer token only in one {@code Authorization} header (RFC 6750
 * section 2.1). A token in the query string leaks into logs and browser
 * history, and one sent twice is ambiguous: both are 400 invalid_request.
 * The token's size is bounded before anything parses it. The body is never
 * looked at: reading it (a form's {@code access_token}) would mean reading an
 * unauthenticated body, so a token there is simply not a token.
 */
final class StrictBearerTokenResolver implements BearerTokenResolver {

	private static final String ACCESS_TOKEN_PARAMETER = "access_token";

	private static final String BEARER = "Bearer";

	private final long maxSizeBytes;

	StrictBearerTokenResolver(DataSize maxSize) {
		this.maxSizeBytes = maxSize.toBytes();
	}

	@Override
	public String resolve(HttpServletRequest request) {
		List<String> headers = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
		boolean inQuery = request.getQueryString() != null
				&& request.getQueryString().matches("(^|.*&)" + ACCESS_TOKEN_PARAMETER + "=.*");
		if (inQuery) {
			throw TokenError
				.invalidRequest("token_in_query",
						"access tokens are not accepted in the query string; use the Authorization header")
				.exception();
		}
		if (headers.size() > 1) {
			throw TokenError.invalidRequest("duplicate_token", "found more than one access token in the request").exception();
		}
		if (headers.isEmpty() || !AuthorizationHeader.hasScheme(headers.get(0), BEARER)) {
			return null;
		}
		String header = headers.get(0);
		if (header.length() > this.maxSizeBytes + "Bearer ".length()) {
			throw TokenError.invalidToken("too_large", "token is larger than " + this.maxSizeBytes + " bytes").exception();
		}
		String token = AuthorizationHeader.token(header, BEARER);
		if (token == null) {
			throw TokenError.invalidToken("malformed", "bearer token is malformed").exception();
		}
		return token;
	}

}
