package dev.stepup.bank.security.token;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.jwk.RSAKey;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.JwksServer;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refetches of the JWKS on an unknown kid: one when the authorization server
 * rotates its keys, and a bounded number when an attacker floods the API with
 * made-up kids. The cache lives long enough here that only those refetches
 * reach the JWKS during a test.
 */
@ApiIntegrationTest
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:jwks-rotation;DB_CLOSE_DELAY=-1",
		"bank.security.jwks.cache-ttl=10m",
		"bank.security.jwks.rate-limit-interval=" + JwksRotationIntegrationTests.RATE_LIMIT_INTERVAL_MILLIS + "ms" })
@DirtiesContext
class JwksRotationIntegrationTests extends ApiTestSupport {

	static final long RATE_LIMIT_INTERVAL_MILLIS = 250;

	/** JwtDecoderConfiguration hands Nimbus twice the interval, in which Nimbus allows two fetches. */
	static final Duration RATE_LIMIT_PERIOD = Duration.ofMillis(2 * RATE_LIMIT_INTERVAL_MILLIS);

	static final JwksServer jwks = JwksServer.start(TokenMint.KEY);

	@DynamicPropertySource
	static void jwksUri(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwks::jwksUri);
	}

	@AfterAll
	static void stopJwks() {
		jwks.stop();
	}

	/** Starts every test with a warm cache and a rate limit period that has not been used yet. */
	@BeforeEach
	void setUp() throws InterruptedException {
		assertThat(this.api.get("/balance", TokenMint.balance("warm-up").sign()).status()).isEqualTo(200);
		Thread.sleep(RATE_LIMIT_PERIOD.toMillis());
	}

	@Test
	void balanceWhenKeysRotatedThenTokenWithNewKidRefetchesOnceAndIsAccepted() {
		RSAKey rotated = TokenMint.generate("rotated-" + UUID.randomUUID());
		jwks.publish(TokenMint.KEY, rotated);
		int before = jwks.jwksRequests();

		Api.Response first = this.api.get("/balance", TokenMint.balance("alice").signedWith(rotated).sign());
		Api.Response second = this.api.get("/balance", TokenMint.balance("bob").signedWith(rotated).sign());

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(200);
		assertThat(jwks.jwksRequests() - before).as("JWKS fetches for the new kid").isEqualTo(1);
	}

	/**
	 * A token accepted once is answered from the verified-token cache after that,
	 * but not after its signing key has been withdrawn: the next key set fetched
	 * without that key empties the cache, and the token meets a key set that no
	 * longer verifies it.
	 */
	@Test
	void balanceWhenSigningKeyLeftTheJwksThenTokenAcceptedBeforeIsRefused() throws InterruptedException {
		RSAKey retiring = TokenMint.generate("retiring-" + UUID.randomUUID());
		jwks.publish(TokenMint.KEY, retiring);
		String token = TokenMint.balance("alice").signedWith(retiring).sign();
		assertThat(this.api.get("/balance", token).status()).isEqualTo(200);
		int fetches = jwks.jwksRequests();
		assertThat(this.api.get("/balance", token).status()).isEqualTo(200);
		assertThat(jwks.jwksRequests()).as("JWKS fetches for a token verified before").isEqualTo(fetches);

		jwks.publish(TokenMint.KEY);
		Thread.sleep(RATE_LIMIT_PERIOD.toMillis());
		RSAKey next = TokenMint.generate("next-" + UUID.randomUUID());
		assertInvalidToken(this.api.get("/balance", TokenMint.balance("bob").signedWith(next).sign()),
				TokenDecoder.NO_MATCHING_KEY);
		assertThat(jwks.jwksRequests()).as("the unknown kid made the API fetch the new key set").isEqualTo(fetches + 1);

		assertInvalidToken(this.api.get("/balance", token), TokenDecoder.NO_MATCHING_KEY);
	}

	/**
	 * Nimbus opens a rate-limit period with a fetch and allows one more inside it;
	 * a period starts only after the previous one ended. Over a flood lasting D,
	 * at most floor(D / period) + 1 periods open, so at most twice that many
	 * fetches happen: one per configured interval on average.
	 */
	@Test
	void balanceWhenFloodedWithRandomKidsThenAtMostTwoFetchesPerRateLimitPeriod() throws Exception {
		RSAKey attacker = TokenMint.generate("attacker");
		int before = jwks.jwksRequests();
		long start = System.nanoTime();
		List<Api.Response> responses = flood(Duration.ofMillis(1500), () -> this.api.get("/balance",
				TokenMint.balance("mallory").signedWith(attacker).header((h) -> h.keyID(UUID.randomUUID().toString()))
					.sign()));
		Duration flood = Duration.ofNanos(System.nanoTime() - start);
		int fetches = jwks.jwksRequests() - before;

		assertThat(responses).hasSizeGreaterThan(30);
		responses.forEach((response) -> assertInvalidToken(response, TokenDecoder.NO_MATCHING_KEY));
		long periods = flood.toMillis() / RATE_LIMIT_PERIOD.toMillis() + 1;
		assertThat(fetches).as("JWKS fetches for %s requests over %s", responses.size(), flood)
			.isPositive()
			.isLessThanOrEqualTo((int) (2 * periods));
	}

	private static List<Api.Response> flood(Duration duration, java.util.concurrent.Callable<Api.Response> request)
			throws Exception {
		long end = System.nanoTime() + duration.toNanos();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		try {
			List<Future<List<Api.Response>>> workers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				workers.add(threads.submit(() -> {
					List<Api.Response> sent = new ArrayList<>();
					while (System.nanoTime() < end) {
						sent.add(request.call());
					}
					return sent;
				}));
			}
			List<Api.Response> all = new ArrayList<>();
			for (Future<List<Api.Response>> worker : workers) {
				all.addAll(worker.get());
			}
			return all;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
