package dev.stepup.bank.security.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.JwksServer;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.stepup.bank.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWKS is down and no key was ever cached: 503 with Retry-After, never 401
 * (the token may be fine) and never 500, and within the read timeout plus a
 * margin, so no request thread waits on the JWKS for longer. The JWKS port
 * refuses connections between tests; a test puts a failing server on it.
 * Three requests each, because Nimbus refuses the third fetch of a rate-limit
 * period itself.
 */
@ApiIntegrationTest
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:jwks-cold;DB_CLOSE_DELAY=-1",
		"bank.security.jwks.rate-limit-interval=" + JwksColdStartOutageIntegrationTests.RATE_LIMIT_INTERVAL_MILLIS + "ms",
		"bank.security.jwks.connect-timeout=500ms",
		"bank.security.jwks.read-timeout=" + JwksColdStartOutageIntegrationTests.READ_TIMEOUT_MILLIS + "ms",
		"bank.security.jwks.retry-after=7s" })
@DirtiesContext
class JwksColdStartOutageIntegrationTests extends ApiTestSupport {

	static final long RATE_LIMIT_INTERVAL_MILLIS = 200;

	static final long READ_TIMEOUT_MILLIS = 600;

	/** Time to answer once the JWKS gave up: generous for a loaded build machine, far below a second timeout. */
	static final Duration MARGIN = Duration.ofMillis(1000);

	static final int JWKS_PORT = freePort();

	@DynamicPropertySource
	static void jwksUri(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
				() -> "http://127.0.0.1:" + JWKS_PORT + JwksServer.PATH);
	}

	/** Each test starts in a fresh rate-limit period, and with a request path that is already warm. */
	@BeforeEach
	void setUp() throws InterruptedException {
		assertThat(this.api.get("/balance", null).status()).isEqualTo(401);
		Thread.sleep(2 * RATE_LIMIT_INTERVAL_MILLIS);
	}

	@Test
	void balanceWhenJwksRefusesConnectionsAndNoKeysCachedThenServiceUnavailable() {
		assertUnavailableWithin(Duration.ZERO);
	}

	@Test
	void balanceWhenJwksAnswers500AndNoKeysCachedThenServiceUnavailable() {
		WireMockServer failing = new WireMockServer(options().port(JWKS_PORT).bindAddress("127.0.0.1"));
		failing.start();
		try {
			failing.stubFor(get(urlPathEqualTo(JwksServer.PATH)).willReturn(aResponse().withStatus(500)));
			assertUnavailableWithin(Duration.ZERO);
			assertThat(failing.getAllServeEvents()).as("fetches that met the 500").isNotEmpty();
		}
		finally {
			failing.stop();
		}
	}

	/** A socket that accepts connections (the kernel does, through the backlog) and never answers. */
	@Test
	void balanceWhenJwksHangsAndNoKeysCachedThenServiceUnavailableWithinReadTimeout() throws IOException {
		try (ServerSocket silent = new ServerSocket(JWKS_PORT, 50, InetAddress.getLoopbackAddress())) {
			long start = System.nanoTime();
			assertUnavailableWithin(Duration.ofMillis(READ_TIMEOUT_MILLIS));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the first requests waited on the JWKS")
				.isGreaterThanOrEqualTo(Duration.ofMillis(READ_TIMEOUT_MILLIS));
		}
	}

	private void assertUnavailableWithin(Duration jwksTimeout) {
		for (int i = 0; i < 3; i++) {
			long start = System.nanoTime();
			Api.Response response = this.api.get("/balance", TokenMint.balance("alice").sign());
			Duration took = Duration.ofNanos(System.nanoTime() - start);

			assertProblem(response, 503, "urn:stepup-bank:problem:keys-unavailable", "Token verification unavailable",
					"the authorization server's signing keys cannot be fetched right now; retry later");
			assertThat(response.header("Retry-After")).isEqualTo("7");
			assertThat(response.header("WWW-Authenticate")).isNull();
			assertThat(took).as("request %d", i + 1).isLessThan(jwksTimeout.plus(MARGIN));
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
