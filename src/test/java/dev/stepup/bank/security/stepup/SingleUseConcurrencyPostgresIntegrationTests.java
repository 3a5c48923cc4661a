package dev.stepup.bank.security.stepup;

import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.Postgres;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The race on PostgreSQL, where row locks and unique keys behave as in
 * production; skipped, with the reason, without BANK_TEST_POSTGRES_URL. The
 * condition is checked before the context starts, which would otherwise fail
 * (rather than skip) while resolving the datasource URL.
 */
@ApiIntegrationTest
@DirtiesContext
@EnabledIfEnvironmentVariable(named = Postgres.URL_VARIABLE, matches = ".*\\S.*",
		disabledReason = Postgres.URL_VARIABLE + " is not set: PostgreSQL tests skipped")
class SingleUseConcurrencyPostgresIntegrationTests extends SingleUseConcurrencyChecks {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", Postgres::freshSchemaUrl);
	}

}
