package dev.stepup.bank.security.token;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.JwksServer;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWKS fails after its keys were cached: once the cache time-to-live has
 * passed, every refresh fails, and tokens signed with the cached keys are still
 * accepted (outage tolerance), whether the JWKS answers 500 or hangs. The
 * refresh timeout exceeds the read timeout, as with the defaults, so a refresh
 * that hangs gives up before a request waiting for it does.
 */
@ApiIntegrationTest
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:jwks-outage;DB_CLOSE_DELAY=-1",
		"bank.security.jwks.cache-ttl=" + JwksOutageIntegrationTests.CACHE_TTL_MILLIS + "ms",
		"bank.security.jwks.refresh-timeout=1500ms", "bank.security.jwks.refresh-ahead=300ms",
		"bank.security.jwks.rate-limit-interval=200ms", "bank.security.jwks.connect-timeout=500ms",
		"bank.security.jwks.read-timeout=1s", "bank.security.jwks.outage-tolerance=1h" })
@DirtiesContext
class JwksOutageIntegrationTests extends ApiTestSupport {

	static final long CACHE_TTL_MILLIS = 2500;

	static final JwksServer jwks = JwksServer.start(TokenMint.KEY);

	@BeforeAll
	static void warmJwks() throws Exception {
		// the first answer of a fresh WireMock can take longer than this class's short read timeout
		HttpResponse<Void> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(jwks.jwksUri())).build(), HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	@DynamicPropertySource
	static void jwksUri(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwks::jwksUri);
	}

	@AfterAll
	static void stopJwks() {
		jwks.stop();
	}

	@BeforeEach
	void cacheKeysWhileJwksIsUp() {
		jwks.publish(TokenMint.KEY);
		assertThat(balance().status()).isEqualTo(200);
	}

	@Test
	void balanceWhenJwksAnswers500AfterCacheExpiredThenCachedKeysStillAccepted() throws InterruptedException {
		assertAcceptedThroughOutage(aResponse().withStatus(500));
	}

	@Test
	void balanceWhenJwksHangsPastReadTimeoutAfterCacheExpiredThenCachedKeysStillAccepted()
			throws InterruptedException {
		assertAcceptedThroughOutage(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(TokenMint.jwks(TokenMint.KEY))
			.withFixedDelay(3000));
	}

	private void assertAcceptedThroughOutage(ResponseDefinitionBuilder outage) throws InterruptedException {
		jwks.wireMock().stubFor(get(urlPathEqualTo(JwksServer.PATH)).willReturn(outage));
		int before = jwks.jwksRequests();
		Thread.sleep(Duration.ofMillis(CACHE_TTL_MILLIS).plusMillis(500).toMillis());

		assertThat(balance().status()).isEqualTo(200);
		assertThat(jwks.jwksRequests() - before).as("refreshes that met the outage").isPositive();
	}

	private Api.Response balance() {
		return this.api.get("/balance", TokenMint.balance("alice").sign());
	}

}
