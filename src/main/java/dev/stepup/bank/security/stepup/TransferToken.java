package dev.stepup.bank.security.stepup;

import java.time.Instant;

import dev.stepup.bank.security.TokenClaims;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * What a transfer needs to know of the token that authorized it: which
 * customer, through which client, and the (issuer, jti) pair that is spent
 * exactly once.
 */
public record TransferToken(String subject, String issuer, String jti, Instant expiresAt, String clientId) {

	/** {@code customer} is the principal's name: the configured customer claim, {@code sub} by default. */
	public static TransferToken of(JwtAuthenticationToken authentication) {
		Jwt jwt = authentication.getToken();
		return new TransferToken(authentication.getName(), jwt.getClaimAsString("iss"), TokenClaims.tokenId(jwt),
				jwt.getExpiresAt(), TokenClaims.clientId(jwt));
	}

	/** The key under which this token is spent. */
	public String spendKey() {
		return this.issuer + '\n' + this.jti;
	}

}
