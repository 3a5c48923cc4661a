package dev.stepup.bank.ledger;

import java.math.BigDecimal;

import dev.stepup.bank.money.InvalidAmount;
import dev.stepup.bank.money.Money;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts a completed transfer: one debit and one credit entry of the same
 * amount, and the two balance changes they explain. It runs inside the caller's
 * transaction, so the entries, the balances and the transfer row commit
 * together or not at all. Balances change only here: a balance is the opening
 * balance plus the journal, and nothing else writes either.
 */
@Component
public class Ledger {

	private static final int DEBIT = -1;

	private static final int CREDIT = 1;

	private final JdbcClient jdbc;

	Ledger(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void post(String transferId, String fromAccount, String toAccount, Money amount) {
		if (amount.isZero()) {
			throw new InvalidAmount("a posting moves a positive amount");
		}
		entries(transferId, fromAccount, toAccount, amount);
		if (moveBalances(fromAccount, toAccount, amount.amount()) != 2) {
			throw new IllegalStateException(
					"moving " + amount + " from " + fromAccount + " to " + toAccount + " would overdraw " + fromAccount
							+ " or credit an unknown account");
		}
	}

	/**
	 * Debits one account and credits the other in one statement (one round trip)
	 * and answers how many rows it changed: 2, or fewer when an account is
	 * unknown or the debit would overdraw. The guard in the statement repeats the
	 * database's non-negative CHECK (which funding accounts are exempt from) so
	 * that an overdraft attempt is seen here as a row not changed rather than as
	 * a driver-specific constraint error; both rows change or, the caller
	 * failing the transaction, neither does.
	 */
	private int moveBalances(String fromAccount, String toAccount, BigDecimal amount) {
		return this.jdbc.sql("""
				UPDATE accounts SET balance = CASE WHEN id = :from THEN balance - :amount ELSE balance + :amount END
				WHERE (id = :from AND (balance - :amount >= 0 OR kind = 'funding')) OR id = :to""")
			.param("from", fromAccount)
			.param("to", toAccount)
			.param("amount", amount)
			.update();
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
