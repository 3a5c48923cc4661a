package dev.stepup.bank.account;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.stepup.bank.money.Money;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Customer accounts, and the bank's funding accounts that opening funds come
 * from. A funding account is never found, locked or listed as a customer's:
 * no transfer can touch it, only account openings through the ledger.
 * Balances are read here and moved only by the ledger ({@code Ledger.post}).
 */
@Repository
public class Accounts {

	/** No customer id can be this: customer ids come from tokens, this is not a claim value any provider issues. */
	private static final String BANK = "urn:stepup-bank:bank";

	private final JdbcClient jdbc;

	private final Clock clock;

	Accounts(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public List<Account> ownedBy(String subject) {
		return this.jdbc.sql("SELECT id, owner_subject, currency, balance FROM accounts WHERE owner_subject = :owner AND kind = 'customer' ORDER BY id")
			.param("owner", subject)
			.query(Accounts::map)
			.list();
	}

	public Optional<Account> find(String id) {
		return this.jdbc.sql("SELECT id, owner_subject, currency, balance FROM accounts WHERE id = :id AND kind = 'customer'")
			.param("id", id)
			.query(Accounts::map)
			.optional();
	}

	/**
	 * Reads the accounts and holds their row locks until the transaction ends, so
	 * no other transfer can spend the same money in between. One statement, one
	 * round trip: the rows are locked in id order (the ORDER BY is applied before
	 * the locking clause), so two transfers over overlapping accounts cannot
	 * deadlock. Answers the customer accounts found, by id; an id missing from
	 * the answer is no customer account.
	 */
	public Map<String, Account> lockAll(Collection<String> ids) {
		Map<String, Account> locked = new HashMap<>();
		this.jdbc.sql("SELECT id, owner_subject, currency, balance FROM accounts WHERE id IN (:ids) AND kind = 'customer' ORDER BY id FOR UPDATE")
			.param("ids", ids)
			.query(Accounts::map)
			.list()
			.forEach((account) -> locked.put(account.id(), account));
		return locked;
	}

	/** Opens an account unless one with this id exists; answers whether it opened one. */
	public boolean openIfAbsent(String id, String ownerSubject, Money openingBalance) {
		if (find(id).isPresent()) {
			return false;
		}
		insert(id, ownerSubject, "customer", openingBalance);
		return true;
	}

	/** The bank's funding account in this currency: where opening funds come from. */
	public static String fundingAccountId(String currency) {
		return "bank:funding:" + currency;
	}

	/**
	 * Opens the funding account of this currency unless it exists. Not inside the
	 * caller's transaction: on PostgreSQL a failed insert would abort it, and two
	 * first openings in a new currency may race here (the primary key decides).
	 */
	public void openFundingAccountIfAbsent(String currency) {
		String id = fundingAccountId(currency);
		boolean exists = this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.single() > 0;
		if (!exists) {
			try {
				insert(id, BANK, "funding", new Money(BigDecimal.ZERO, Currency.getInstance(currency)));
			}
			catch (DuplicateKeyException openedByAnotherRequest) {
				// the same account, opened a moment ago
			}
		}
	}

	/** Opens an empty customer account; its funds come through the ledger. Fails on a taken id. */
	public void openEmpty(String id, String ownerSubject, Currency currency) {
		insert(id, ownerSubject, "customer", new Money(BigDecimal.ZERO, currency));
	}

	private void insert(String id, String ownerSubject, String kind, Money openingBalance) {
		this.jdbc.sql("""
				INSERT INTO accounts (id, owner_subject, currency, opening_balance, balance, created_at, kind)
				VALUES (:id, :owner, :currency, :opening, :opening, :createdAt, :kind)""")
			.param("id", id)
			.param("owner", ownerSubject)
			.param("currency", openingBalance.currency().getCurrencyCode())
			.param("opening", openingBalance.amount())
			.param("createdAt", OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC))
			.param("kind", kind)
			.update();
	}

	private static Account map(ResultSet rs, int row) throws SQLException {
		Currency currency = Currency.getInstance(rs.getString("currency").trim());
		Money balance = new Money(rs.getBigDecimal("balance").stripTrailingZeros(), currency);
		return new Account(rs.getString("id"), rs.getString("owner_subject"), balance);
	}

}
