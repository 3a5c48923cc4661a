package dev.stepup.bank.security.stepup;

import dev.stepup.bank.support.Postgres;
import dev.stepup.bank.support.RequiresPostgres;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The race on PostgreSQL, where row locks and unique keys behave as in production. */
@RequiresPostgres
@DirtiesContext
class PostgresSingleUseConcurrencyIntegrationTests extends SingleUseConcurrencyContract {

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		Postgres.useFreshSchema(registry);
	}

}
