package dev.stepup.bank.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.stepup.bank.support.TokenMint;

/**
 * The load tools' authorization server: one RSA key (written by {@link JwksServe}
 * to a file only the benchmark reads) and the tokens it signs, with the claims
 * the demo authorization server puts in them. The bench customers are
 * {@code bench-0001} ... each owning the one EUR account {@code bench-0001-eur}
 * (seeded by bench/sql/R__bench_customers.sql).
 */
final class BenchTokens {

	static final String CLIENT_ID = "bench-load";

	private final RSAKey key;

	private final String issuer;

	private final JWSHeader header;

	private final ThreadLocal<RSASSASigner> signer;

	BenchTokens(RSAKey key, String issuer) {
		this.key = key;
		this.issuer = issuer;
		// RFC 9068 access tokens, like the demo authorization server's
		this.header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
			.type(new JOSEObjectType("at+jwt"))
			.build();
		this.signer = ThreadLocal.withInitial(() -> {
			try {
				return new RSASSASigner(this.key);
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	static BenchTokens load(Path keyFile, String issuer) throws IOException {
		try {
			return new BenchTokens(RSAKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8)), issuer);
		}
		catch (ParseException ex) {
			throw new IOException("not an RSA JWK: " + keyFile, ex);
		}
	}

	static String subject(int customer) {
		return String.format("bench-%04d", customer);
	}

	static String account(int customer) {
		return subject(customer) + "-eur";
	}

	/** A fresh single-use transfer token after MFA, as step 5 of the flow hands it out. */
	String transferToken(String subject, long lifetimeSeconds) {
		Instant now = Instant.now();
		JWTClaimsSet claims = base(subject, "transfer:funds", now, lifetimeSeconds)
			.claim("amr", List.of("pwd", "otp", "mfa"))
			.claim("acr", TokenMint.MFA_ACR)
			// "recent": the user has just passed the second factor
			.claim("auth_time", now.getEpochSecond() - 2)
			.build();
		return sign(claims);
	}

	/** An ordinary token after a password login, reused by a front-end for its reads. */
	String token(String subject, String scope, long lifetimeSeconds) {
		return token(subject, scope, lifetimeSeconds, this.header);
	}

	/**
	 * The same token typed {@code JWT} instead of {@code at+jwt}: what a vanilla
	 * Spring Security resource server accepts by default (bench/vanilla).
	 */
	String plainJwt(String subject, String scope, long lifetimeSeconds) {
		return token(subject, scope, lifetimeSeconds,
				new JWSHeader.Builder(this.header).type(JOSEObjectType.JWT).build());
	}

	private String token(String subject, String scope, long lifetimeSeconds, JWSHeader typed) {
		Instant now = Instant.now();
		JWTClaimsSet claims = base(subject, scope, now, lifetimeSeconds).claim("amr", List.of("pwd"))
			.claim("auth_time", now.getEpochSecond() - 2)
			.build();
		return sign(typed, claims);
	}

	/**
	 * One POST /transfer: a fresh token of a random bench customer, a unique
	 * Idempotency-Key, and a body moving 0.01 to 9.99 EUR to another random bench
	 * customer. Tab-separated: token, key, body (none of them holds a tab).
	 */
	String transferLine(int customers, long lifetimeSeconds) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int from = 1 + random.nextInt(customers);
		int to = 1 + random.nextInt(customers - 1);
		if (to >= from) {
			to++;
		}
		int cents = 1 + random.nextInt(999);
		String body = "{\"from\":\"" + account(from) + "\",\"to\":\"" + account(to) + "\",\"amount\":\"" + (cents / 100)
				+ "." + String.format("%02d", cents % 100) + "\",\"currency\":\"EUR\"}";
		return transferToken(subject(from), lifetimeSeconds) + '\t' + UUID.randomUUID() + '\t' + body;
	}

	private JWTClaimsSet.Builder base(String subject, String scope, Instant now, long lifetimeSeconds) {
		return new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(TokenMint.AUDIENCE)
			.subject(subject)
			.claim("scope", scope)
			.claim("client_id", CLIENT_ID)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(lifetimeSeconds)));
	}

	private String sign(JWTClaimsSet claims) {
		return sign(this.header, claims);
	}

	private String sign(JWSHeader typed, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(typed, claims);
			jwt.sign(this.signer.get());
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
