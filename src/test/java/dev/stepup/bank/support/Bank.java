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

	/** Whether a transfer token with this jti has been spent (recorded in spent_tokens). */
	public boolean isSpent(String jti) {
		return this.jdbc.sql("SELECT COUNT(*) FROM spent_tokens WHERE jti = ?").param(jti).query(Long.class).single() > 0;
	}

	/** Whether this signed token's jti has been spent. */
	public boolean isSpentBy(String signedToken) {
		try {
			return isSpent(com.nimbusds.jwt.SignedJWT.parse(signedToken).getJWTClaimsSet().getJWTID());
		}
		catch (java.text.ParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	public BigDecimal totalBalance() {
		return this.jdbc.sql("SELECT COALESCE(SUM(balance), 0) FROM accounts").query(BigDecimal.class).single();
	}

	public BigDecimal totalOpening() {
		return this.jdbc.sql("SELECT COALESCE(SUM(opening_balance), 0) FROM accounts").query(BigDecimal.class).single();
	}

	/** Every invariant of the data model ({@link LedgerChecks}), checked by reading the database back. */
	public void assertInvariants() {
		assertThat(LedgerChecks.run(this.jdbc)).as("what breaks each money invariant")
			.allSatisfy((rule, violations) -> assertThat(violations).as(rule).isEmpty());
	}

	public record Customer(String subject, String account) {
	}

}
