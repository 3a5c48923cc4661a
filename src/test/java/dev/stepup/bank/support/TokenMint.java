package dev.stepup.bank.support;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Signs real RS256 access tokens for tests, with claims like the demo
 * authorization server's. Every builder method returns a copy, so a test
 * states only what differs from a valid token.
 */
public final class TokenMint {

	public static final String ISSUER = "https://issuer.test";

	public static final String AUDIENCE = "https://my-banking-api";

	public static final String MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

	public static final RSAKey KEY = generate("test-key-1");

	private final RSAKey key;

	private final JWSHeader.Builder header;

	private final JWTClaimsSet.Builder claims;

	private TokenMint(RSAKey key, JWSHeader.Builder header, JWTClaimsSet.Builder claims) {
		this.key = key;
		this.header = header;
		this.claims = claims;
	}

	/** A token with {@code view:balance}, after a password login. */
	public static TokenMint balance(String subject) {
		Instant now = Instant.now();
		return new TokenMint(KEY, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()),
				new JWTClaimsSet.Builder().issuer(ISSUER)
					.audience(AUDIENCE)
					.subject(subject)
					.claim("scope", "view:balance")
					.claim("client_id", "bank-web")
					.claim("amr", List.of("pwd"))
					.claim("auth_time", now.getEpochSecond() - 5)
					.jwtID(UUID.randomUUID().toString())
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(300))));
	}

	/** A fresh single-use transfer token after MFA: scope, amr, acr, auth_time, jti. */
	public static TokenMint transfer(String subject) {
		return balance(subject).claim("scope", "view:balance transfer:funds")
			.claim("amr", List.of("pwd", "otp", "mfa"))
			.claim("acr", MFA_ACR)
			.header((h) -> h.type(new JOSEObjectType("at+jwt")));
	}

	/** A back-office client's token with {@code bank:operations} (client credentials: no user, no MFA). */
	public static TokenMint operations(String client) {
		return balance(client).claim("scope", "bank:operations").claim("client_id", client).without("amr")
			.without("auth_time");
	}

	public TokenMint claim(String name, Object value) {
		JWTClaimsSet.Builder copy = new JWTClaimsSet.Builder(this.claims.build()).claim(name, value);
		return new TokenMint(this.key, copyHeader(), copy);
	}

	public TokenMint claims(Map<String, Object> values) {
		TokenMint result = this;
		for (Map.Entry<String, Object> entry : values.entrySet()) {
			result = result.claim(entry.getKey(), entry.getValue());
		}
		return result;
	}

	public TokenMint without(String name) {
		return claim(name, null);
	}

	public TokenMint header(java.util.function.Consumer<JWSHeader.Builder> change) {
		JWSHeader.Builder copy = copyHeader();
		change.accept(copy);
		return new TokenMint(this.key, copy, new JWTClaimsSet.Builder(this.claims.build()));
	}

	public TokenMint signedWith(RSAKey other) {
		return new TokenMint(other, copyHeader().keyID(other.getKeyID()), new JWTClaimsSet.Builder(this.claims.build()));
	}

	public JWTClaimsSet claimsSet() {
		return this.claims.build();
	}

	public String sign() {
		try {
			SignedJWT jwt = new SignedJWT(this.header.build(), this.claims.build());
			jwt.sign(new RSASSASigner(this.key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static RSAKey generate(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String jwks(RSAKey... keys) {
		return new JWKSet(List.of(keys).stream().map(RSAKey::toPublicJWK).map((k) -> (com.nimbusds.jose.jwk.JWK) k).toList())
			.toString();
	}

	private JWSHeader.Builder copyHeader() {
		return new JWSHeader.Builder(this.header.build());
	}

}
