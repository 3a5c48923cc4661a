package dev.stepup.bank.account;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

import dev.stepup.bank.ledger.Money;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class Accounts {

	private final JdbcClient jdbc;

	private final Clock clock;

	Accounts(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public List<Account> ownedBy(String subject) {
		return this.jdbc.sql("SELECT id, owner_subject, currency, balance FROM accounts WHERE owner_subject = :owner ORDER BY id")
			.param("owner", subject)
			.query(Accounts::map)
			.list();
	}

	public Optional<Account> find(String id) {
		return this.jdbc.sql("SELECT id, owner_subject, currency, balance FROM accounts WHERE id = :id")
			.param("id", id)
			.query(Accounts::map)
			.optional();
	}

	/**
	 * Reads the account and holds its row lock until the transaction ends, so no
	 * other transfer can spend the same money in between. Callers lock several
	 * accounts in id order, which rules out deadlocks between two transfers.
	 */
	public Optional<Account> lock(String id) {
		return this.jdbc.sql("SELECT id, owner_subject, currency, balance FROM accounts WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(Accounts::map)
			.optional();
	}

	/**
	 * Moves the balance by a signed amount. The guard in the statement repeats the
	 * database's non-negative CHECK so that an overdraft attempt is seen here as
	 * "no row changed" rather than as a driver-specific constraint error.
	 */
	public boolean applyEntry(String id, BigDecimal signedAmount) {
		int changed = this.jdbc.sql("UPDATE accounts SET balance = balance + :delta WHERE id = :id AND balance + :delta >= 0")
			.param("delta", signedAmount)
			.param("id", id)
			.update();
		return changed == 1;
	}

	/** Opens an account unless one with this id exists; answers whether it opened one. */
	public boolean openIfAbsent(String id, String ownerSubject, Money openingBalance) {
		if (find(id).isPresent()) {
			return false;
		}
		this.jdbc.sql("""
				INSERT INTO accounts (id, owner_subject, currency, opening_balance, balance, created_at)
				VALUES (:id, :owner, :currency, :opening, :opening, :createdAt)""")
			.param("id", id)
			.param("owner", ownerSubject)
			.param("currency", openingBalance.currency().getCurrencyCode())
			.param("opening", openingBalance.amount())
			.param("createdAt", OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC))
			.update();
		return true;
	}

	private static Account map(ResultSet rs, int row) throws SQLException {
		Currency currency = Currency.getInstance(rs.getString("currency").trim());
		Money balance = new Money(rs.getBigDecimal("balance").stripTrailingZeros(), currency);
		return new Account(rs.getString("id"), rs.getString("owner_subject"), balance);
	}

}
