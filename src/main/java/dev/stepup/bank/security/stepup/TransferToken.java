package dev.stepup.bank.security.stepup;

import java.time.Instant;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What a transfer needs to know of the token that authorized it: who, through
 * which client, the (issuer, jti) pair that is spent exactly once, when the
 * user authenticated, and the {@code authorization_details} claim as the token
 * carries it ({@link PaymentBinding} reads it; null when absent).
 */
public record TransferToken(String subject, String issuer, String jti, Instant expiresAt, String clientId,
		Instant authTime, Object authorizationDetails) {

	public static TransferToken of(Jwt jwt) {
		String issuer = jwt.getClaimAsString("iss");
		String clientId = jwt.getClaims().get("client_id") instanceof String id ? id
				: jwt.getClaims().get("azp") instanceof String azp ? azp : null;
		return new TransferToken(jwt.getSubject(), issuer, jwt.getId(), jwt.getExpiresAt(), clientId,
				StepUpPolicy.authTime(jwt), jwt.getClaims().get(PaymentBinding.CLAIM));
	}

	/** The key under which this token is spent. */
	public String spendKey() {
		return this.issuer + '\n' + this.jti;
	}

}
