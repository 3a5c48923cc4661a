package dev.stepup.bank.ledger;

import java.math.BigDecimal;

import dev.stepup.bank.account.Accounts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts a completed transfer: one debit and one credit entry of the same
 * amount, and the two balance changes they explain. It runs inside the caller's
 * transaction, so the entries, the balances and the transfer row commit
 * together or not at all.
 */
@Component
public class Ledger {

	private static final int DEBIT = -1;

	private static final int CREDIT = 1;

	private final JdbcClient jdbc;

	private final Accounts accounts;

	Ledger(JdbcClient jdbc, Accounts accounts) {
		this.jdbc = jdbc;
		this.accounts = accounts;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void post(String transferId, String fromAccount, String toAccount, Money amount) {
		if (amount.isZero()) {
			throw new InvalidAmount("a posting moves a positive amount");
		}
		entries(transferId, fromAccount, toAccount, amount);
		if (!this.accounts.applyEntry(fromAccount, amount.amount().negate())) {
			throw new IllegalStateException("debit of " + amount + " would overdraw " + fromAccount);
		}
		if (!this.accounts.applyEntry(toAccount, amount.amount())) {
			throw new IllegalStateException("credit to unknown account " + toAccount);
		}
	}

	/** The debit and the credit in one statement: one round trip to the database, not two. */
	private void entries(String transferId, String fromAccount, String toAccount, Money amount) {
		BigDecimal magnitude = amount.amount();
		String currency = amount.currency().getCurrencyCode();
		this.jdbc.sql("""
				INSERT INTO ledger_entries
				    (transfer_id, direction, account_id, amount, magnitude, currency, status, debit_account, credit_account)
				VALUES (:transfer, :debit, :from, :debitAmount, :magnitude, :currency, 'completed', :from, NULL),
				       (:transfer, :credit, :to, :magnitude, :magnitude, :currency, 'completed', NULL, :to)""")
			.param("transfer", transferId)
			.param("debit", DEBIT)
			.param("credit", CREDIT)
			.param("from", fromAccount)
			.param("to", toAccount)
			.param("debitAmount", magnitude.negate())
			.param("magnitude", magnitude)
			.param("currency", currency)
			.update();
	}

}
