package dev.stepup.bank.ledger;

import dev.stepup.bank.support.Postgres;
import dev.stepup.bank.support.RequiresPostgres;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Concurrent transfers on PostgreSQL, where row locks behave as in production. */
@RequiresPostgres
@DirtiesContext
class PostgresConcurrentTransfersIntegrationTests extends ConcurrentTransfersContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		Postgres.useFreshSchema(registry);
	}

}
