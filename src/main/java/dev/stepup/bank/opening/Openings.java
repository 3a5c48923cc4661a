package dev.stepup.bank.opening;

import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Optional;

import dev.stepup.bank.account.Accounts;
import dev.stepup.bank.money.Money;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Account openings as the database holds them: the customer account, and the
 * completed transfer from the funding account that carried its opening funds.
 * That transfer is keyed by the account id in place of a token id, so the
 * database itself allows one opening transfer per account.
 */
@Repository
class Openings {

	/** The "issuer" of opening transfers: no token can have it, the configured issuer is a URL. */
	static final String OPENING = "urn:stepup-bank:account-opening";

	private final JdbcClient jdbc;

	Openings(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<OpenedAccount> find(String id) {
		return this.jdbc.sql("""
				SELECT a.id, a.owner_subject, a.currency, a.balance, a.created_at,
				       a.opening_balance + COALESCE(t.amount, 0) AS opening, t.id AS transfer_id
				FROM accounts a
				LEFT JOIN transfers t ON t.token_issuer = :opening AND t.token_jti = a.id
				WHERE a.id = :id AND a.kind = 'customer'""")
			.param("opening", OPENING)
			.param("id", id)
			.query(Openings::map)
			.optional();
	}

	/** The opening transfer; the ledger posts its entries in the same transaction. */
	void recordTransfer(String transferId, String accountId, Money opening, String operator, String requestHash,
			Instant at) {
		this.jdbc.sql("""
				INSERT INTO transfers (id, from_account, to_account, amount, currency, status, requested_by,
				                       idempotency_key, request_hash, token_issuer, token_jti, created_at)
				VALUES (:id, :from, :to, :amount, :currency, 'completed', :operator,
				        NULL, :requestHash, :opening, :account, :createdAt)""")
			.param("id", transferId)
			.param("from", Accounts.fundingAccountId(opening.currency().getCurrencyCode()))
			.param("to", accountId)
			.param("amount", opening.amount())
			.param("currency", opening.currency().getCurrencyCode())
			.param("operator", operator)
			.param("requestHash", requestHash)
			.param("opening", OPENING)
			.param("account", accountId)
			.param("createdAt", at.atOffset(ZoneOffset.UTC))
			.update();
	}

	private static OpenedAccount map(ResultSet rs, int row) throws SQLException {
		Currency currency = Currency.getInstance(rs.getString("currency").trim());
		int digits = currency.getDefaultFractionDigits();
		return new OpenedAccount(rs.getString("id"), rs.getString("owner_subject"), currency.getCurrencyCode(),
				rs.getBigDecimal("balance").setScale(digits, RoundingMode.UNNECESSARY).toPlainString(),
				rs.getBigDecimal("opening").setScale(digits, RoundingMode.UNNECESSARY).toPlainString(),
				rs.getString("transfer_id"), rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant());
	}

}
