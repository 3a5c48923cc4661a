package dev.stepup.bank.security.token;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.JwksServer;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWKS health indicator, and what an outage of the key set does to health
 * and readiness. It breaks its JWKS, so it has one of its own.
 */
@ApiIntegrationTest
@DirtiesContext
class JwksHealthIntegrationTests extends ApiTestSupport {

	static final JwksServer jwks = JwksServer.start(TokenMint.KEY);

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwks::jwksUri);
	}

	@AfterAll
	static void stopJwks() {
		jwks.stop();
	}

	@BeforeEach
	void publishTheKey() {
		jwks.publish(TokenMint.KEY);
	}

	@Test
	void healthWhenJwksFailsAfterKeysWereCachedThenJwksDownButApiStillServesAndStaysReady() {
		Customer alice = this.bank.newCustomer("10.00");
		assertThat(this.api.get("/balance", TokenMint.balance(alice.subject()).sign()).status()).isEqualTo(200);
		jwks.wireMock().stubFor(get(urlPathEqualTo(JwksServer.PATH)).willReturn(aResponse().withStatus(500)));
		String unknownKid = TokenMint.balance(alice.subject()).signedWith(TokenMint.generate("rotated-away")).sign();
		assertThat(this.api.get("/balance", unknownKid).status()).isEqualTo(401);

		JsonNode health = this.api.get("/actuator/health", null).json();
		assertThat(health.get("components").get("jwks").get("status").asString()).isEqualTo("DOWN");
		Api.Response readiness = this.api.get("/actuator/health/readiness", null);
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
		assertThat(this.api.get("/balance", TokenMint.balance(alice.subject()).sign()).status()).isEqualTo(200);
	}

}
