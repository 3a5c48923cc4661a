package dev.stepup.bank.ledger;

import java.util.List;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank;
import dev.stepup.bank.support.TransferStorm;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The ledger's invariants under concurrent transfers; each subclass runs it on one database. */
abstract class ConcurrentTransfersContract {

	private static final int THREADS = 8;

	private static final int TRANSFERS_PER_THREAD = 40;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void randomTransfersFromManyThreadsThenMoneyConservedNoOverdraftAndEveryBookBalances() throws InterruptedException {
		Bank bank = new Bank(this.jdbc);

		TransferStorm.among(bank, "0.00", "5.00", "30.00", "60.00", "120.00", "250.00")
			.run(List.of(new Api(this.port)), THREADS, TRANSFERS_PER_THREAD)
			.assertBooksBalance(bank, THREADS * TRANSFERS_PER_THREAD);
	}

}
