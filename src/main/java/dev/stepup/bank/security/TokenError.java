package dev.stepup.bank.security;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A refused token, or a token sent the wrong way, with the low-cardinality
 * {@code cause} the {@code bank.tokens.refused} counter is tagged with. The
 * cause travels with the error from the check that decided it (the resolver,
 * the decoder, each validator), so no one reads it back out of the
 * description: a description Spring words differently would otherwise be
 * counted as {@code other}.
 */
public final class TokenError extends OAuth2Error {

	private static final long serialVersionUID = 1L;

	private final HttpStatus status;

	private final String cause;

	private TokenError(String code, HttpStatus status, String cause, String description, String uri) {
		super(code, description, uri);
		this.status = status;
		this.cause = cause;
	}

	/** RFC 6750 {@code invalid_token} (401). */
	public static TokenError invalidToken(String cause, String description) {
		return new TokenError(OAuth2ErrorCodes.INVALID_TOKEN, HttpStatus.UNAUTHORIZED, cause, description, null);
	}

	/** RFC 6750 {@code invalid_request} (400): the token was sent in a way the API does not accept. */
	public static TokenError invalidRequest(String cause, String description) {
		return new TokenError(OAuth2ErrorCodes.INVALID_REQUEST, HttpStatus.BAD_REQUEST, cause, description, null);
	}

	/** Refuses the token as the decoder refuses it: a {@code BadJwtException} that carries this error. */
	public static JwtValidationException rejected(String cause, String description) {
		return new JwtValidationException(description, List.of(invalidToken(cause, description)));
	}

	/** This error as the exception a resolver or filter throws. */
	public OAuth2AuthenticationException exception() {
		return new OAuth2AuthenticationException(this);
	}

	/** Spring's or our own validator, whose every error is counted under {@code cause}. */
	public static OAuth2TokenValidator<Jwt> classified(String cause, OAuth2TokenValidator<Jwt> validator) {
		return (jwt) -> {
			OAuth2TokenValidatorResult result = validator.validate(jwt);
			if (!result.hasErrors()) {
				return result;
			}
			return OAuth2TokenValidatorResult.failure(result.getErrors()
				.stream()
				.<OAuth2Error>map((error) -> new TokenError(error.getErrorCode(), HttpStatus.UNAUTHORIZED, cause,
						error.getDescription(), error.getUri()))
				.toList());
		};
	}

	public HttpStatus status() {
		return this.status;
	}

	public String cause() {
		return this.cause;
	}

}
