package dev.stepup.bank.transfer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Optional;

import dev.stepup.bank.money.Money;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The transfers table. Rows are inserted once and never updated or deleted. */
@Repository
class Transfers {

	private static final String COLUMNS = "id, from_account, to_account, amount, currency, status, requested_by, "
			+ "idempotency_key, request_hash, token_issuer, token_jti, created_at";

	private final JdbcClient jdbc;

	Transfers(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Transfer transfer) {
		this.jdbc.sql("INSERT INTO transfers (" + COLUMNS + ") VALUES (:id, :from, :to, :amount, :currency, :status, "
				+ ":requestedBy, :idempotencyKey, :requestHash, :tokenIssuer, :tokenJti, :createdAt)")
			.param("id", transfer.id())
			.param("from", transfer.from())
			.param("to", transfer.to())
			.param("amount", transfer.amount().amount())
			.param("currency", transfer.amount().currency().getCurrencyCode())
			.param("status", transfer.status().dbValue())
			.param("requestedBy", transfer.requestedBy())
			.param("idempotencyKey", transfer.idempotencyKey(), Types.VARCHAR)
			.param("requestHash", transfer.requestHash())
			.param("tokenIssuer", transfer.tokenIssuer())
			.param("tokenJti", transfer.tokenJti())
			.param("createdAt", transfer.createdAt().atOffset(ZoneOffset.UTC))
			.update();
	}

	/** The transfer, if the caller owns its from or its to account. */
	Optional<Transfer> findVisibleTo(String id, String subject) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM transfers t WHERE t.id = :id AND EXISTS ("
				+ "SELECT 1 FROM accounts a WHERE a.owner_subject = :subject AND a.id IN (t.from_account, t.to_account))")
			.param("id", id)
			.param("subject", subject)
			.query(Transfers::map)
			.optional();
	}

	Optional<Transfer> findByIdempotencyKey(String requestedBy, String idempotencyKey) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM transfers WHERE requested_by = :requestedBy "
				+ "AND idempotency_key = :idempotencyKey")
			.param("requestedBy", requestedBy)
			.param("idempotencyKey", idempotencyKey)
			.query(Transfers::map)
			.optional();
	}

	boolean existsForToken(String issuer, String jti) {
		return this.jdbc.sql("SELECT COUNT(*) FROM transfers WHERE token_issuer = :issuer AND token_jti = :jti")
			.param("issuer", issuer)
			.param("jti", jti)
			.query(Long.class)
			.single() > 0;
	}

	private static Transfer map(ResultSet rs, int row) throws SQLException {
		Money amount = new Money(rs.getBigDecimal("amount").stripTrailingZeros(),
				Currency.getInstance(rs.getString("currency").trim()));
		return new Transfer(rs.getString("id"), rs.getString("from_account"), rs.getString("to_account"), amount,
				TransferStatus.ofDbValue(rs.getString("status")), rs.getString("requested_by"),
				rs.getString("idempotency_key"), rs.getString("request_hash"), rs.getString("token_issuer"),
				rs.getString("token_jti"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
	}

}
