package dev.stepup.bank.security;

import java.util.Map;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who presented a token, as far as logs and audit events may say: the
 * subject, the client ({@link TokenClaims#clientId}, whichever claim the
 * provider uses) and a short hash of the token id. Every log line and audit
 * event names a token through this record, so a client read in one place is
 * never missed in another, and the jti itself is never written.
 */
public record TokenIdentity(String subject, String clientId, String jtiHash) {

	public static final TokenIdentity UNKNOWN = new TokenIdentity(null, null, null);

	private static final int JTI_HASH_LENGTH = 16;

	public static TokenIdentity of(String subject, String clientId, String jti) {
		return new TokenIdentity(subject, clientId, jti == null ? null : jtiHash(jti));
	}

	/** A token the decoder accepted, named by its {@code sub}. */
	public static TokenIdentity of(Jwt jwt) {
		return of(jwt.getSubject(), TokenClaims.clientId(jwt), TokenClaims.tokenId(jwt));
	}

	/** An authenticated token, named by its principal: the configured customer claim, {@code sub} by default. */
	public static TokenIdentity of(JwtAuthenticationToken authentication) {
		Jwt jwt = authentication.getToken();
		String subject = authentication.getName() != null ? authentication.getName() : jwt.getSubject();
		return of(subject, TokenClaims.clientId(jwt), TokenClaims.tokenId(jwt));
	}

	/** A prefix of the jti's SHA-256: enough to correlate log lines about one token, useless to replay it. */
	public static String jtiHash(String jti) {
		return TokenHash.sha256Hex(jti).substring(0, JTI_HASH_LENGTH);
	}

	/** Adds {@code subject}, {@code client_id} and {@code jti_hash} to an audit event's fields. */
	public void addTo(Map<String, Object> fields) {
		fields.put("subject", this.subject);
		fields.put("client_id", this.clientId);
		fields.put("jti_hash", this.jtiHash);
	}

}
