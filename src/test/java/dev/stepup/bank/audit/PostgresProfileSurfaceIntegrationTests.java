package dev.stepup.bank.audit;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.SharedJwksInitializer;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment profile exposes less than the embedded default: no Swagger
 * UI. (Its datasource is pointed at H2 here: the surface does not depend on
 * the database.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:postgres-profile;DB_CLOSE_DELAY=-1",
				"spring.datasource.username=sa", "bank.demo-data.enabled=false",
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TokenMint.ISSUER })
@ContextConfiguration(initializers = SharedJwksInitializer.class)
@ActiveProfiles("postgres")
class PostgresProfileSurfaceIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void swaggerUiWhenPostgresProfileThenNotServedButApiDocsAndHealthAre() {
		Api api = new Api(this.port);

		assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(404);
		assertThat(api.get("/v3/api-docs", null).status()).isEqualTo(200);
		assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
	}

}
