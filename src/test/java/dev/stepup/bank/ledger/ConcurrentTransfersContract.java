package dev.stepup.bank.ledger;

import java.util.List;

import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.TransferStorm;
import org.junit.jupiter.api.Test;

/** The ledger's invariants under concurrent transfers; each subclass runs it on one database. */
@ApiIntegrationTest
abstract class ConcurrentTransfersContract extends ApiTestSupport {

	private static final int THREADS = 8;

	private static final int TRANSFERS_PER_THREAD = 40;

	@Test
	void randomTransfersFromManyThreadsThenMoneyConservedNoOverdraftAndEveryBookBalances() throws InterruptedException {
		TransferStorm.among(this.bank, "0.00", "5.00", "30.00", "60.00", "120.00", "250.00")
			.run(List.of(this.api), THREADS, TRANSFERS_PER_THREAD)
			.assertBooksBalance(this.bank, THREADS * TRANSFERS_PER_THREAD);
	}

}
