package dev.stepup.bank.security;

import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.TransferAttempt;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the attacker-side tests: the running API, and a payer and a
 * payee of their own for each test, so that "nothing moved" can be checked
 * exactly.
 */
@ApiIntegrationTest
abstract class AbstractTransferAttackTests extends ApiTestSupport {

	TransferAttempt attempt;

	/** After {@link ApiTestSupport#connectToTheRunningApi()}: JUnit runs a superclass's setup first. */
	@BeforeEach
	void openAccountsToAttack() {
		this.attempt = TransferAttempt.between(this.bank);
	}

}
