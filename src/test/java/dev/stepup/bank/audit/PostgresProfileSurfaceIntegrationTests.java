package dev.stepup.bank.audit;

import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment profile exposes less than the embedded default: no Swagger
 * UI. (Its datasource is pointed at H2 here: the surface does not depend on
 * the database.)
 */
@ApiIntegrationTest
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:postgres-profile;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa" })
@ActiveProfiles("postgres")
class PostgresProfileSurfaceIntegrationTests extends ApiTestSupport {

	@Test
	void swaggerUiWhenPostgresProfileThenNotServedButApiDocsAndHealthAre() {
		assertThat(this.api.get("/swagger-ui/index.html", null).status()).isEqualTo(404);
		assertThat(this.api.get("/v3/api-docs", null).status()).isEqualTo(200);
		assertThat(this.api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
	}

}
