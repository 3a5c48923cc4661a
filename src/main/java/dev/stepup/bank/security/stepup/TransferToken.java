package dev.stepup.bank.security.stepup;

import java.time.Instant;

import dev.stepup.bank.security.TokenClaims;
import dev.stepup.bank.security.TokenIdentity;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * What a transfer needs to know of the token that authorized it: which
 * customer, through which client, the (issuer, jti) pair that is spent exactly
 * once, when the user authenticated, and the {@code authorization_details}
 * claim as the token carries it ({@link PaymentBinding} reads it; null when
 * absent).
 */
public record TransferToken(String subject, String issuer, String jti, Instant expiresAt, String clientId,
		Instant authTime, Object authorizationDetails) {

	/** {@code customer} is the principal's name: the configured customer claim, {@code sub} by default. */
	public static TransferToken of(JwtAuthenticationToken authentication) {
		Jwt jwt = authentication.getToken();
		return new TransferToken(authentication.getName(), jwt.getClaimAsString("iss"), TokenClaims.tokenId(jwt),
				jwt.getExpiresAt(), TokenClaims.clientId(jwt), StepUpPolicy.authTime(jwt),
				jwt.getClaims().get(PaymentBinding.CLAIM));
	}

	/** How logs and audit events name this token. */
	public TokenIdentity identity() {
		return TokenIdentity.of(this.subject, this.clientId, this.jti);
	}

	/** The key under which this token is spent. */
	public String spendKey() {
		return this.issuer + '\n' + this.jti;
	}

}
