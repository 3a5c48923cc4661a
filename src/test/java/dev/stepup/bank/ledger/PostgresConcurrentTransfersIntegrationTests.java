package dev.stepup.bank.ledger;

import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.Postgres;
import dev.stepup.bank.support.RequiresPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@ApiIntegrationTest
@RequiresPostgres
class PostgresConcurrentTransfersIntegrationTests extends ConcurrentTransfersContract {

	@DynamicPropertySource
	static void freshPostgresSchema(DynamicPropertyRegistry registry) {
		String url = Postgres.freshSchemaUrl();
		registry.add("spring.datasource.url", () -> url);
	}

}
