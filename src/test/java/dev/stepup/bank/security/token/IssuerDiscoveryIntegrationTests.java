package dev.stepup.bank.security.token;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only the issuer is configured: the JWKS URI comes from the issuer's OpenID
 * Connect metadata, looked up once, on the first token rather than at start-up.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:issuer-discovery;DB_CLOSE_DELAY=-1",
				"bank.demo-data.enabled=false", "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" })
@DirtiesContext
class IssuerDiscoveryIntegrationTests {

	static final String METADATA = "/.well-known/openid-configuration";

	static final String KEYS = "/keys";

	static final WireMockServer issuer = startIssuer();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void issuerUri(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer::baseUrl);
	}

	@AfterAll
	static void stopIssuer() {
		issuer.stop();
	}

	@Test
	void balanceWhenOnlyIssuerConfiguredThenKeysFoundThroughMetadataOnce() {
		Api api = new Api(this.port);
		assertThat(issuer.findAll(getRequestedFor(urlPathEqualTo(METADATA)))).as("looked up at start-up").isEmpty();

		Api.Response first = api.get("/balance", TokenMint.balance("alice").claim("iss", issuer.baseUrl()).sign());
		Api.Response second = api.get("/balance", TokenMint.balance("bob").claim("iss", issuer.baseUrl()).sign());

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(200);
		assertThat(issuer.findAll(getRequestedFor(urlPathEqualTo(METADATA)))).hasSize(1);
		assertThat(issuer.findAll(getRequestedFor(urlPathEqualTo(KEYS)))).hasSize(1);
	}

	private static WireMockServer startIssuer() {
		WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		server.start();
		server.stubFor(get(urlPathEqualTo(METADATA)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"issuer\":\"" + server.baseUrl() + "\",\"jwks_uri\":\"" + server.baseUrl() + KEYS + "\"}")));
		server.stubFor(get(urlPathEqualTo(KEYS)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(TokenMint.jwks(TokenMint.KEY))));
		return server;
	}

}
