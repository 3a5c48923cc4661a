package dev.stepup.bank.transfer;

import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.Postgres;
import dev.stepup.bank.support.RequiresPostgres;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shared-key race on PostgreSQL, where unique keys and row locks behave as in production. */
@ApiIntegrationTest
@DirtiesContext
@RequiresPostgres
class IdempotencyKeyRacePostgresIntegrationTests extends IdempotencyKeyRaceChecks {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", Postgres::freshSchemaUrl);
	}

}
