package dev.stepup.bank.support;

import dev.stepup.bank.support.Bank.Customer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payer and a payee opened for one test, and the transfer an attacker tries
 * between them; afterwards it checks that no money moved and no transfer was
 * recorded.
 */
public final class TransferAttempt {

	public static final String PAYER_OPENING = "1000.00";

	public static final String PAYEE_OPENING = "500.00";

	private final Bank bank;

	private final Customer payer;

	private final Customer payee;

	private TransferAttempt(Bank bank, Customer payer, Customer payee) {
		this.bank = bank;
		this.payer = payer;
		this.payee = payee;
	}

	public static TransferAttempt between(Bank bank) {
		return new TransferAttempt(bank, bank.newCustomer(PAYER_OPENING), bank.newCustomer(PAYEE_OPENING));
	}

	public Customer payer() {
		return this.payer;
	}

	public Customer payee() {
		return this.payee;
	}

	/** 25.00 EUR from the payer to the payee. */
	public String body() {
		return Api.transferBody(this.payer.account(), this.payee.account(), "25.00");
	}

	public void assertNothingMoved() {
		assertThat(this.bank.balance(this.payer.account())).as("payer balance").isEqualByComparingTo(PAYER_OPENING);
		assertThat(this.bank.balance(this.payee.account())).as("payee balance").isEqualByComparingTo(PAYEE_OPENING);
		assertThat(this.bank.transfersFrom(this.payer.account())).as("transfers recorded").isZero();
		this.bank.assertInvariants();
	}

	/**
	 * A refused attempt left no trace: nothing moved, the token the attacker
	 * sent is unspent, and the same token, sent plainly, then moves the money.
	 */
	public void assertRefusedWithoutEffect(Api api, String token) {
		assertNothingMoved();
		assertThat(this.bank.isSpentBy(token)).as("token spent").isFalse();
		assertThat(api.transfer(token, body()).status()).as("the same token afterwards").isEqualTo(201);
	}

}
