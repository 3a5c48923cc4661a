package dev.stepup.bank.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.RSAKey;
import dev.stepup.training.DemoAccessTokens;

/**
 * The load tools' authorization server: one RSA key (written by {@link JwksServe}
 * to a file only the benchmark reads) and the tokens it signs, with the claims
 * the demo authorization server puts in them ({@link DemoAccessTokens}, shared
 * with the image's AOT training run). The bench customers are
 * {@code bench-0001} ... each owning the one EUR account {@code bench-0001-eur}
 * (seeded by bench/sql/R__bench_customers.sql).
 */
final class BenchTokens {

	static final String CLIENT_ID = "bench-load";

	private final DemoAccessTokens tokens;

	BenchTokens(RSAKey key, String issuer) {
		this.tokens = new DemoAccessTokens(key, issuer, CLIENT_ID);
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
		return this.tokens.sign(subject, "transfer:funds", lifetimeSeconds, true);
	}

	/** An ordinary token after a password login, reused by a front-end for its reads. */
	String token(String subject, String scope, long lifetimeSeconds) {
		return this.tokens.sign(subject, scope, lifetimeSeconds, false);
	}

	/**
	 * The same token typed {@code JWT} instead of {@code at+jwt}: what a vanilla
	 * Spring Security resource server accepts by default (bench/vanilla).
	 */
	String plainJwt(String subject, String scope, long lifetimeSeconds) {
		return this.tokens.sign(subject, scope, lifetimeSeconds, false, JOSEObjectType.JWT);
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

}
