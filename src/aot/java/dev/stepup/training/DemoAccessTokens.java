package dev.stepup.training;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Access tokens with the claims the demo authorization server puts in them:
 * RFC 9068 ({@code typ: at+jwt}, the API's audience, a fresh {@code jti}),
 * {@code auth_time} two seconds ago, and MFA evidence ({@code amr} and
 * {@code acr}) on the tokens issued after the second factor; RS256. The AOT
 * training run ({@link TrainingRun}) and the load tools in src/jmh sign with it,
 * so it uses the JDK and Nimbus only: it runs in the image build.
 */
public final class DemoAccessTokens {

	/** The audience the API accepts by default ({@code application.yml}). */
	public static final String AUDIENCE = "https://my-banking-api";

	/** The {@code acr} the API accepts as proof of MFA by default. */
	public static final String MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

	private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");

	private final RSAKey key;

	private final String issuer;

	private final String clientId;

	private final ThreadLocal<RSASSASigner> signer;

	public DemoAccessTokens(RSAKey key, String issuer, String clientId) {
		this.key = key;
		this.issuer = issuer;
		this.clientId = clientId;
		this.signer = ThreadLocal.withInitial(() -> {
			try {
				return new RSASSASigner(this.key);
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/** A token for {@code scope}, valid for {@code lifetimeSeconds}, with MFA evidence if {@code afterMfa}. */
	public String sign(String subject, String scope, long lifetimeSeconds, boolean afterMfa) {
		return sign(subject, scope, lifetimeSeconds, afterMfa, ACCESS_TOKEN);
	}

	/** The same, typed {@code type} instead of {@code at+jwt}. */
	public String sign(String subject, String scope, long lifetimeSeconds, boolean afterMfa, JOSEObjectType type) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(AUDIENCE)
			.subject(subject)
			.claim("scope", scope)
			.claim("client_id", this.clientId)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(lifetimeSeconds)))
			// "recent": the user has just signed in, or just passed the second factor
			.claim("auth_time", now.getEpochSecond() - 2)
			.claim("amr", afterMfa ? List.of("pwd", "otp", "mfa") : List.of("pwd"));
		if (afterMfa) {
			claims.claim("acr", MFA_ACR);
		}
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.key.getKeyID()).type(type).build(), claims.build());
		try {
			jwt.sign(this.signer.get());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

}
