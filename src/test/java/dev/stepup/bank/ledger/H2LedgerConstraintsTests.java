package dev.stepup.bank.ledger;

import java.util.UUID;

class H2LedgerConstraintsTests extends LedgerConstraintsContract {

	@Override
	String emptyDatabaseUrl() {
		return "jdbc:h2:mem:constraints-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
	}

	@Override
	String vendor() {
		return "h2";
	}

}
