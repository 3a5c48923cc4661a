package dev.stepup.bank.ledger;

import java.math.BigDecimal;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Each invariant of DESIGN.md that V1__ledger.sql expresses, attacked with
 * plain SQL as a bug or a console session would. Every refused statement
 * differs from one that {@link #validTransferWithItsEntriesAndSpentTokenThenAccepted}
 * shows accepted in one value only, and must be refused by the constraint named.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerConstraintsContract {

	private JdbcClient jdbc;

	private String a;

	private String b;

	private String c;

	private String usd;

	private String transfer;

	/** A JDBC URL (credentials included) of an empty database or schema. */
	abstract String emptyDatabaseUrl();

	/** Flyway's {vendor}: the folder of db/vendor with this database's triggers. */
	abstract String vendor();

	@BeforeAll
	void migrate() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(emptyDatabaseUrl());
		Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration", "classpath:db/vendor/" + vendor())
			.load()
			.migrate();
		this.jdbc = JdbcClient.create(dataSource);
	}

	@BeforeEach
	void openAccounts() {
		this.a = account("EUR", "100.00");
		this.b = account("EUR", "0.00");
		this.c = account("EUR", "0.00");
		this.usd = account("USD", "0.00");
		this.transfer = UUID.randomUUID().toString();
	}

	@Test
	void validTransferWithItsEntriesAndSpentTokenThenAccepted() {
		assertThatNoException().isThrownBy(() -> {
			completedTransfer(this.transfer, "25.00");
			entry(this.transfer, -1, this.a, "-25.00", "25.00", "EUR", "completed");
			entry(this.transfer, 1, this.b, "25.00", "25.00", "EUR", "completed");
			this.jdbc.sql("UPDATE accounts SET balance = balance - 25 WHERE id = ?").param(this.a).update();
			this.jdbc.sql("UPDATE accounts SET balance = balance + 25 WHERE id = ?").param(this.b).update();
			spentToken("jti-" + this.transfer, this.transfer);
			transfer(UUID.randomUUID().toString(), this.a, this.b, "500.00", "EUR", "declined");
			transfer(UUID.randomUUID().toString(), this.a, this.b, "1.00", "EUR", "completed");
			this.jdbc.sql("UPDATE accounts SET balance = 0 WHERE id = ?").param(this.a).update();
		});
		assertThat(this.jdbc.sql("SELECT SUM(amount) FROM ledger_entries WHERE transfer_id = ?").param(this.transfer)
			.query(BigDecimal.class).single()).isEqualByComparingTo("0");
	}

	@Test
	void balanceBelowZeroThenRefused() {
		refused("accounts_balance_not_negative",
				() -> this.jdbc.sql("UPDATE accounts SET balance = -0.01 WHERE id = ?").param(this.a).update());
		refused("accounts_opening_balance_not_negative", () -> this.jdbc.sql("""
				INSERT INTO accounts (id, owner_subject, currency, opening_balance, balance, created_at)
				VALUES (?, 'x', 'EUR', -1, 0, CURRENT_TIMESTAMP)""").param("neg-" + this.transfer).update());
	}

	@Test
	void transferOfZeroOrLessThenRefused() {
		refused("transfers_amount_positive", () -> completedTransfer(this.transfer, "0.00"));
		refused("transfers_amount_positive", () -> completedTransfer(this.transfer, "-1.00"));
	}

	@Test
	void transferFromAnAccountToItselfThenRefused() {
		refused("transfers_distinct_accounts", () -> transfer(this.transfer, this.a, this.a, "1.00", "EUR", "completed"));
	}

	@Test
	void transferWithUnknownStatusThenRefused() {
		refused("transfers_status", () -> transfer(this.transfer, this.a, this.b, "1.00", "EUR", "pending"));
	}

	@Test
	void transferBetweenAccountsOfDifferentCurrenciesThenRefused() {
		refused("transfers_to_account", () -> transfer(this.transfer, this.a, this.usd, "1.00", "EUR", "completed"));
		refused("transfers_from_account", () -> transfer(this.transfer, this.a, this.usd, "1.00", "USD", "completed"));
	}

	@Test
	void secondTransferForTheSameTokenThenRefused() {
		completedTransfer(this.transfer, "1.00");

		refused("transfers_one_per_token", () -> insertTransfer(UUID.randomUUID().toString(), this.a, this.b, "1.00", "EUR",
				"completed", "alice", null, "jti-" + this.transfer));
	}

	@Test
	void secondTransferForTheSameIdempotencyKeyOfTheSameCallerThenRefused() {
		String key = "key-" + this.transfer;
		insertTransfer(this.transfer, this.a, this.b, "1.00", "EUR", "completed", "alice", key, "jti-1-" + this.transfer);
		insertTransfer(UUID.randomUUID().toString(), this.a, this.b, "1.00", "EUR", "completed", "bob", key,
				"jti-2-" + this.transfer);

		refused("transfers_one_per_idempotency_key", () -> insertTransfer(UUID.randomUUID().toString(), this.a, this.b,
				"1.00", "EUR", "completed", "alice", key, "jti-3-" + this.transfer));
	}

	@Test
	void entryWhoseAmountDiffersFromItsTransferThenRefused() {
		completedTransfer(this.transfer, "25.00");

		refused("ledger_entries_transfer", () -> entry(this.transfer, -1, this.a, "-24.99", "24.99", "EUR", "completed"));
		refused("ledger_entries_signed_amount", () -> entry(this.transfer, -1, this.a, "25.00", "25.00", "EUR", "completed"));
	}

	@Test
	void thirdEntryForATransferThenRefused() {
		completedTransfer(this.transfer, "25.00");
		entry(this.transfer, -1, this.a, "-25.00", "25.00", "EUR", "completed");
		entry(this.transfer, 1, this.b, "25.00", "25.00", "EUR", "completed");

		refused("ledger_entries_pk", () -> entry(this.transfer, 1, this.b, "25.00", "25.00", "EUR", "completed"));
		refused("ledger_entries_direction", () -> entry(this.transfer, 2, this.b, "50.00", "25.00", "EUR", "completed"));
	}

	@Test
	void entryOnAnAccountOutsideItsTransferThenRefused() {
		completedTransfer(this.transfer, "25.00");

		refused("ledger_entries_debit", () -> entry(this.transfer, -1, this.c, "-25.00", "25.00", "EUR", "completed"));
		refused("ledger_entries_credit", () -> entry(this.transfer, 1, this.a, "25.00", "25.00", "EUR", "completed"));
		refused("ledger_entries_side", () -> this.jdbc.sql("""
				INSERT INTO ledger_entries (transfer_id, direction, account_id, amount, magnitude, currency, status,
				    debit_account, credit_account)
				VALUES (?, -1, ?, -25.00, 25.00, 'EUR', 'completed', ?, NULL)""").params(this.transfer, this.c, this.a).update());
	}

	@Test
	void updateOrDeleteOfATransferThenRefused() {
		completedTransfer(this.transfer, "25.00");

		refused("transfers_immutable",
				() -> this.jdbc.sql("UPDATE transfers SET amount = 1 WHERE id = ?").param(this.transfer).update());
		refused("transfers_immutable",
				() -> this.jdbc.sql("UPDATE transfers SET status = 'declined' WHERE id = ?").param(this.transfer).update());
		refused("transfers_immutable",
				() -> this.jdbc.sql("DELETE FROM transfers WHERE id = ?").param(this.transfer).update());
	}

	@Test
	void updateOrDeleteOfALedgerEntryThenRefused() {
		completedTransfer(this.transfer, "25.00");
		entry(this.transfer, -1, this.a, "-25.00", "25.00", "EUR", "completed");

		refused("ledger_entries_immutable", () -> this.jdbc
			.sql("UPDATE ledger_entries SET account_id = ? WHERE transfer_id = ?")
			.params(this.c, this.transfer)
			.update());
		refused("ledger_entries_immutable",
				() -> this.jdbc.sql("DELETE FROM ledger_entries WHERE transfer_id = ?").param(this.transfer).update());
	}

	@Test
	void entryOnADeclinedTransferThenRefused() {
		transfer(this.transfer, this.a, this.b, "500.00", "EUR", "declined");

		refused("ledger_entries_transfer", () -> entry(this.transfer, -1, this.a, "-500.00", "500.00", "EUR", "completed"));
		refused("ledger_entries_only_completed",
				() -> entry(this.transfer, -1, this.a, "-500.00", "500.00", "EUR", "declined"));
	}

	@Test
	void tokenSpentTwiceOrForNoTransferThenRefused() {
		completedTransfer(this.transfer, "1.00");
		String other = UUID.randomUUID().toString();
		transfer(other, this.a, this.b, "1.00", "EUR", "completed");
		spentToken("jti-" + this.transfer, this.transfer);

		refused("spent_tokens_pk", () -> spentToken("jti-" + this.transfer, other));
		refused("spent_tokens_one_per_transfer", () -> spentToken("jti-again-" + this.transfer, this.transfer));
		refused("spent_tokens_transfer", () -> spentToken("jti-none-" + this.transfer, UUID.randomUUID().toString()));
	}

	/** Refused by this constraint, not by some other mistake in the statement. */
	private void refused(String constraint, Executable statement) {
		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(statement::execute)
			.satisfies((ex) -> assertThat(ex.getMessage().toLowerCase(Locale.ROOT)).satisfiesAnyOf(
					(message) -> assertThat(message).contains(constraint),
					// H2 names a primary key by its index, not by the constraint
					(message) -> assertThat(message).contains("primary key violation",
							"public." + constraint.replaceFirst("_pk$", "("))));
	}

	private String account(String currency, String balance) {
		String id = currency.toLowerCase(Locale.ROOT) + "-" + UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO accounts (id, owner_subject, currency, opening_balance, balance, created_at)
				VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)""")
			.params(id, "owner-" + id, currency, new BigDecimal(balance), new BigDecimal(balance))
			.update();
		return id;
	}

	private void completedTransfer(String id, String amount) {
		transfer(id, this.a, this.b, amount, "EUR", "completed");
	}

	/** A transfer of "alice" without Idempotency-Key, authorized by the token "jti-" + id. */
	private void transfer(String id, String from, String to, String amount, String currency, String status) {
		insertTransfer(id, from, to, amount, currency, status, "alice", null, "jti-" + id);
	}

	private void insertTransfer(String id, String from, String to, String amount, String currency, String status,
			String requestedBy, String key, String jti) {
		this.jdbc.sql("""
				INSERT INTO transfers (id, from_account, to_account, amount, currency, status, requested_by,
				    idempotency_key, request_hash, token_issuer, token_jti, created_at)
				VALUES (:id, :from, :to, :amount, :currency, :status, :requestedBy, :key, :hash, 'https://issuer.test',
				    :jti, :now)""")
			.param("id", id)
			.param("from", from)
			.param("to", to)
			.param("amount", new BigDecimal(amount))
			.param("currency", currency)
			.param("status", status)
			.param("requestedBy", requestedBy)
			.param("key", key, Types.VARCHAR)
			.param("hash", "0".repeat(64))
			.param("jti", jti)
			.param("now", OffsetDateTime.now(ZoneOffset.UTC))
			.update();
	}

	private void entry(String transferId, int direction, String account, String amount, String magnitude,
			String currency, String status) {
		this.jdbc.sql("""
				INSERT INTO ledger_entries (transfer_id, direction, account_id, amount, magnitude, currency, status,
				    debit_account, credit_account)
				VALUES (:transfer, :direction, :account, :amount, :magnitude, :currency, :status, :debit, :credit)""")
			.param("transfer", transferId)
			.param("direction", direction)
			.param("account", account)
			.param("amount", new BigDecimal(amount))
			.param("magnitude", new BigDecimal(magnitude))
			.param("currency", currency)
			.param("status", status)
			.param("debit", direction < 0 ? account : null, Types.VARCHAR)
			.param("credit", direction > 0 ? account : null, Types.VARCHAR)
			.update();
	}

	private void spentToken(String jti, String transferId) {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		this.jdbc.sql("""
				INSERT INTO spent_tokens (issuer, jti, expires_at, transfer_id, spent_at)
				VALUES ('https://issuer.test', ?, ?, ?, ?)""")
			.params(jti, now.plusMinutes(5), transferId, now)
			.update();
	}

}
