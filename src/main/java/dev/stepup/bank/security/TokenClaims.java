package dev.stepup.bank.security;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Claims every provider names differently, read the same way wherever they are
 * needed (the transfer, its audit event, a refusal's log line), so a client or
 * a token id is never found in one place and missed in another.
 */
public final class TokenClaims {

	/**
	 * Where each provider puts the client: {@code client_id} (RFC 9068, Spring
	 * Authorization Server, Keycloak's client credentials, Auth0's RFC 9068
	 * profile), {@code azp} (OpenID Connect: Keycloak, Auth0, Entra ID v2),
	 * {@code cid} (Okta), {@code appid} (Entra ID v1). The first string wins.
	 */
	private static final String[] CLIENT_CLAIMS = { "client_id", "azp", "cid", "appid" };

	private TokenClaims() {
	}

	public static String clientId(Jwt jwt) {
		for (String claim : CLIENT_CLAIMS) {
			if (jwt.getClaims().get(claim) instanceof String client && !client.isBlank()) {
				return client;
			}
		}
		return null;
	}

	/**
	 * The token's unique id: {@code jti}, or Entra ID's {@code uti} ("equivalent
	 * to jti", which Entra ID does not issue). Only a string counts.
	 */
	public static String tokenId(Jwt jwt) {
		if (jwt.getClaims().get("jti") instanceof String jti) {
			return jti;
		}
		return jwt.getClaims().get("jti") == null && jwt.getClaims().get("uti") instanceof String uti ? uti : null;
	}

}
