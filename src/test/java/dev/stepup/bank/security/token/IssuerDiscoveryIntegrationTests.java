package dev.stepup.bank.security.token;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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
 * Configured the standard Spring Boot way, with only the issuer (and the
 * audience): the JWKS URI comes from the issuer's OpenID Connect metadata,
 * looked up once, on the first token rather than at start-up, and the whole
 * flow works.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:issuer-discovery;DB_CLOSE_DELAY=-1",
				"bank.demo-data.enabled=false",
				"spring.security.oauth2.resourceserver.jwt.audiences=" + IssuerDiscoveryIntegrationTests.AUDIENCE })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IssuerDiscoveryIntegrationTests {

	static final String METADATA = "/.well-known/openid-configuration";

	static final String KEYS = "/keys";

	static final String AUDIENCE = "https://bank.example/api";

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
	@Order(1)
	void balanceWhenOnlyIssuerConfiguredThenKeysFoundThroughMetadataOnce() {
		Api api = new Api(this.port);
		assertThat(issuer.findAll(getRequestedFor(urlPathEqualTo(METADATA)))).as("looked up at start-up").isEmpty();

		Api.Response first = api.get("/balance", token(TokenMint.balance("alice")));
		Api.Response second = api.get("/balance", token(TokenMint.balance("bob")));

		assertThat(first.status()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(200);
		assertThat(issuer.findAll(getRequestedFor(urlPathEqualTo(METADATA)))).hasSize(1);
		assertThat(issuer.findAll(getRequestedFor(urlPathEqualTo(KEYS)))).hasSize(1);
	}

	@Test
	void flowWhenOnlyIssuerAndAudienceConfiguredThenBalanceStepUpTransferAndReplayRefused() {
		Api api = new Api(this.port);
		String operator = token(TokenMint.operations("back-office"));
		assertThat(api.post("/accounts", operator,
				"{\"id\":\"carol-eur\",\"owner\":\"carol\",\"currency\":\"EUR\",\"openingBalance\":\"100.00\"}")
			.status()).isEqualTo(201);
		assertThat(api.post("/accounts", operator,
				"{\"id\":\"dave-eur\",\"owner\":\"dave\",\"currency\":\"EUR\",\"openingBalance\":\"0.00\"}")
			.status()).isEqualTo(201);
		String body = Api.transferBody("carol-eur", "dave-eur", "25.00");

		Api.Response balance = api.get("/balance", token(TokenMint.balance("carol")));
		Api.Response passwordOnly = api.transfer(token(TokenMint.balance("carol")), body);
		String stepUp = token(TokenMint.transfer("carol"));
		Api.Response transfer = api.transfer(stepUp, body);
		Api.Response replay = api.transfer(stepUp, body);

		assertThat(balance.status()).isEqualTo(200);
		assertThat(balance.json().get("accounts").get(0).get("balance").asString()).isEqualTo("100.00");
		assertThat(Challenges.of(passwordOnly)).isEqualTo("Bearer error=\"insufficient_scope\", scope=\"transfer:funds\", "
				+ "error_description=\"moving money needs the transfer:funds scope\"");
		assertThat(transfer.status()).as(transfer.body()).isEqualTo(201);
		assertThat(Challenges.of(replay))
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"token has already been used\"");
		assertThat(api.get("/balance", token(TokenMint.balance("dave"))).json().get("accounts").get(0).get("balance")
			.asString()).isEqualTo("25.00");
		Api.Response otherAudience = api.get("/balance", TokenMint.balance("carol").claim("iss", issuer.baseUrl()).sign());
		assertThat(otherAudience.status()).as("the default audience is not accepted any more").isEqualTo(401);
	}

	private static String token(TokenMint token) {
		return token.claim("iss", issuer.baseUrl()).claim("aud", AUDIENCE).sign();
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
