package dev.stepup.bank.transfer;

import dev.stepup.bank.support.Postgres;
import dev.stepup.bank.support.RequiresPostgres;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shared-key race on PostgreSQL, where unique keys and row locks behave as in production. */
@RequiresPostgres
@DirtiesContext
class PostgresIdempotencyKeyRaceIntegrationTests extends IdempotencyKeyRaceContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		Postgres.useFreshSchema(registry);
	}

}
