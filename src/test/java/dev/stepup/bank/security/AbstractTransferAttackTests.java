package dev.stepup.bank.security;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.Bank;
import dev.stepup.bank.support.TransferAttempt;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fixture of the attacker-side tests: the running API, and a payer and a
 * payee of their own for each test, so that "nothing moved" can be checked
 * exactly.
 */
@ApiIntegrationTest
abstract class AbstractTransferAttackTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Api api;

	Bank bank;

	TransferAttempt attempt;

	@BeforeEach
	void openAccountsToAttack() {
		this.api = new Api(this.port);
		this.bank = new Bank(this.jdbc);
		this.attempt = TransferAttempt.between(this.bank);
	}

}
