package dev.stepup.bank.support;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Direct database access for tests: opens accounts for a fresh customer, reads
 * balances, and checks every ledger invariant of DESIGN.md after the fact.
 */
public final class Bank {

	private final JdbcClient jdbc;

	public Bank(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A new customer with one EUR account; the subject and account id are unique to the test. */
	public Customer newCustomer(String opening) {
		String subject = "user-" + UUID.randomUUID();
		String account = "acc-" + UUID.randomUUID().toString().substring(0, 18);
		openAccount(account, subject, "EUR", opening);
		return new Customer(subject, account);
	}

	public void openAccount(String id, String subject, String currency, String opening) {
		this.jdbc.sql("INSERT INTO accounts (id, owner_subject, currency, opening_balance, balance, created_at) "
				+ "VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")
			.params(id, subject, currency, new BigDecimal(opening), new BigDecimal(opening))
			.update();
	}

	public BigDecimal balance(String accountId) {
		return this.jdbc.sql("SELECT balance FROM accounts WHERE id = ?").param(accountId).query(BigDecimal.class).single();
	}

	public long transfersFrom(String accountId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM transfers WHERE from_account = ?")
			.param(accountId)
			.query(Long.class)
			.single();
	}

	public long transfersFrom(String accountId, String status) {
		return this.jdbc.sql("SELECT COUNT(*) FROM transfers WHERE from_account = ? AND status = ?")
			.params(accountId, status)
			.query(Long.class)
			.single();
	}

	/** The transfers recorded under an Idempotency-Key, whoever asked for them: their id and status. */
	public List<Map<String, Object>> transfersUnderKey(String idempotencyKey) {
		return this.jdbc.sql("SELECT id, status FROM transfers WHERE idempotency_key = ?")
			.param(idempotencyKey)
			.query((rs, row) -> Map.<String, Object>of("id", rs.getString("id"), "status", rs.getString("status")))
			.list();
	}

	public long completedTransfers() {
		return this.jdbc.sql("SELECT COUNT(*) FROM transfers WHERE status = 'completed'").query(Long.class).single();
	}

	public BigDecimal totalBalance() {
		return this.jdbc.sql("SELECT COALESCE(SUM(balance), 0) FROM accounts").query(BigDecimal.class).single();
	}

	public BigDecimal totalOpening() {
		return this.jdbc.sql("SELECT COALESCE(SUM(opening_balance), 0) FROM accounts").query(BigDecimal.class).single();
	}

	/** Every invariant of the data model, checked by reading the database back. */
	public void assertInvariants() {
		assertThat(totalBalance()).as("total of all balances equals total of opening balances")
			.isEqualByComparingTo(totalOpening());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE balance < 0 AND kind = 'customer'")
			.query(Long.class)
			.single())
			.as("no customer balance below zero")
			.isZero();
		List<String> drifted = this.jdbc.sql("""
				SELECT a.id FROM accounts a
				LEFT JOIN (SELECT account_id, SUM(amount) AS moved FROM ledger_entries GROUP BY account_id) e
				  ON e.account_id = a.id
				WHERE a.balance <> a.opening_balance + COALESCE(e.moved, 0)""").query(String.class).list();
		assertThat(drifted).as("accounts whose balance is not opening balance plus entries").isEmpty();
		List<String> unbalanced = this.jdbc.sql("""
				SELECT t.id FROM transfers t
				LEFT JOIN ledger_entries e ON e.transfer_id = t.id
				WHERE t.status = 'completed'
				GROUP BY t.id
				HAVING COUNT(e.transfer_id) <> 2 OR SUM(e.amount) <> 0""").query(String.class).list();
		assertThat(unbalanced).as("completed transfers without two entries summing to zero").isEmpty();
		assertThat(this.jdbc.sql("""
				SELECT COUNT(*) FROM ledger_entries e JOIN transfers t ON t.id = e.transfer_id
				WHERE t.status <> 'completed'""").query(Long.class).single())
			.as("entries of declined transfers")
			.isZero();
	}

	public record Customer(String subject, String account) {
	}

}
