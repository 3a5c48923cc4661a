package dev.stepup.bank.security.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.stepup.bank.security.TokenError;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The token's times, each checked on its own so that each refusal carries its
 * own cause. Spring's {@code JwtTimestampValidator} checks exp and nbf in one
 * and gives both the same error, so a not-yet-valid token could only be told
 * from an expired one by its wording. The checks and the words here are
 * Spring's: exp required, the clock skew allowed either way.
 */
final class TokenTimes {

	private TokenTimes() {
	}

	static OAuth2TokenValidator<Jwt> expiry(Duration clockSkew, Clock clock) {
		return (jwt) -> {
			Instant expiresAt = jwt.getExpiresAt();
			if (expiresAt == null) {
				return refused("no_expiry", "exp is required");
			}
			return Instant.now(clock).minus(clockSkew).isAfter(expiresAt)
					? refused("expired", "Jwt expired at " + expiresAt) : OAuth2TokenValidatorResult.success();
		};
	}

	static OAuth2TokenValidator<Jwt> notBefore(Duration clockSkew, Clock clock) {
		return (jwt) -> {
			Instant notBefore = jwt.getNotBefore();
			return notBefore != null && Instant.now(clock).plus(clockSkew).isBefore(notBefore)
					? refused("not_yet_valid", "Jwt used before " + notBefore) : OAuth2TokenValidatorResult.success();
		};
	}

	/**
	 * Not Spring's {@code JwtIssuedAtValidator}: it also refuses a token issued
	 * longer ago than the clock skew, which would end a 5-minute token after 30 s.
	 */
	static OAuth2TokenValidator<Jwt> issuedAt(Duration clockSkew, Clock clock) {
		return (jwt) -> jwt.getIssuedAt() == null || !jwt.getIssuedAt().isAfter(clock.instant().plus(clockSkew))
				? OAuth2TokenValidatorResult.success() : refused("issued_in_future", "iat claim is in the future");
	}

	private static OAuth2TokenValidatorResult refused(String cause, String description) {
		return OAuth2TokenValidatorResult.failure(TokenError.invalidToken(cause, description));
	}

}
