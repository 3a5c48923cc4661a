package dev.stepup.bank.security;

import java.io.IOException;

import dev.stepup.bank.security.dpop.DPoPChallenges;
import dev.stepup.bank.security.dpop.DPoPRefusal;
import dev.stepup.bank.security.token.SigningKeysUnavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * Answers a request whose token could not be accepted, like Spring Security's
 * {@code BearerTokenAuthenticationEntryPoint}: 401 without a token or with an
 * invalid one, 400 for a token sent the wrong way. A DPoP refusal is answered
 * by {@link DPoPChallenges}, a key outage by {@link KeysUnavailableResponse}.
 * Each refusal is counted once, with the cause its typed error carries
 * ({@link RefusalCause}).
 */
@Component
public class BearerTokenEntryPoint implements AuthenticationEntryPoint {

	private static final String DECODE_PREFIX = "An error occurred while attempting to decode the Jwt: ";

	private final TokenRefusals refusals;

	private final DPoPChallenges dpop;

	private final KeysUnavailableResponse keysUnavailable;

	BearerTokenEntryPoint(TokenRefusals refusals, DPoPChallenges dpop, KeysUnavailableResponse keysUnavailable) {
		this.refusals = refusals;
		this.dpop = dpop;
		this.keysUnavailable = keysUnavailable;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
			throws IOException {
		if (failure instanceof DPoPRefusal refusal) {
			this.dpop.commence(request, response, refusal, TokenIdentity.UNKNOWN);
			return;
		}
		if (SigningKeysUnavailable.isCause(failure)) {
			this.keysUnavailable.write(request, response, failure);
			return;
		}
		BearerChallenge challenge = challengeFor(failure);
		if (challenge.error() != null) {
			this.refusals.refused(new TokenRefusals.Refusal(challenge.error(), RefusalCause.of(failure),
					challenge.description(), TokenIdentity.UNKNOWN), request.getMethod(), request.getRequestURI());
		}
		this.dpop.write(request, response, challenge);
	}

	private static BearerChallenge challengeFor(AuthenticationException failure) {
		if (failure instanceof OAuth2AuthenticationException oauth) {
			OAuth2Error error = oauth.getError();
			String description = describe(error.getDescription());
			return status(error) == HttpStatus.BAD_REQUEST ? BearerChallenge.invalidRequest(description)
					: BearerChallenge.invalidToken(description);
		}
		return BearerChallenge.missingToken();
	}

	private static HttpStatus status(OAuth2Error error) {
		if (error instanceof TokenError typed) {
			return typed.status();
		}
		return error instanceof BearerTokenError bearer ? bearer.getHttpStatus() : HttpStatus.UNAUTHORIZED;
	}

	private static String describe(String description) {
		if (description == null || description.isBlank()) {
			return "the access token is not valid";
		}
		return description.startsWith(DECODE_PREFIX) ? description.substring(DECODE_PREFIX.length()) : description;
	}

}
