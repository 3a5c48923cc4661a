package dev.stepup.bank.ledger;

import dev.stepup.bank.support.Postgres;
import dev.stepup.bank.support.RequiresPostgres;

@RequiresPostgres
class PostgresLedgerConstraintsTests extends LedgerConstraintsContract {

	@Override
	String emptyDatabaseUrl() {
		return Postgres.freshSchemaUrl();
	}

	@Override
	String vendor() {
		return "postgresql";
	}

}
