package dev.stepup.bank.security.stepup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import dev.stepup.bank.security.RecentKeys;
import dev.stepup.bank.security.SecurityProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transfer tokens that have authorized a transfer. The database row, written in
 * the transaction that records the transfer, is the truth: it survives restarts
 * and is shared by every instance. The Caffeine cache only answers a replay
 * this instance has already seen without a database round trip; it is bounded
 * and forgets a token once the token has expired anyway.
 */
@Component
public class SpentTokens {

	private static final Logger log = LoggerFactory.getLogger(SpentTokens.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration clockSkew;

	private final RecentKeys recentlySpent;

	SpentTokens(JdbcClient jdbc, Clock clock, SecurityProperties properties, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.clockSkew = properties.token().clockSkew();
		this.recentlySpent = new RecentKeys("spent-tokens", properties.spentTokens().cacheSize(), this.clockSkew, clock,
				meters);
	}

	/** Refuses a token this instance has already seen spent, without touching the database. */
	public void requireNotKnownSpent(TransferToken token) {
		if (this.recentlySpent.contains(token.spendKey())) {
			throw new TokenAlreadySpent();
		}
	}

	/** Whether the database holds this token as spent (any instance may have spent it). */
	public boolean isSpent(TransferToken token) {
		return this.jdbc.sql("SELECT COUNT(*) FROM spent_tokens WHERE issuer = :issuer AND jti = :jti")
			.param("issuer", token.issuer())
			.param("jti", token.jti())
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Records the spend inside the transaction that decides the transfer. A second
	 * spend of the same (issuer, jti) violates the primary key and rolls that
	 * transaction back, whichever instance tries it.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void spend(TransferToken token, String transferId) {
		this.jdbc.sql("""
				INSERT INTO spent_tokens (issuer, jti, expires_at, transfer_id, spent_at)
				VALUES (:issuer, :jti, :expiresAt, :transferId, :spentAt)""")
			.param("issuer", token.issuer())
			.param("jti", token.jti())
			.param("expiresAt", utc(token.expiresAt()))
			.param("transferId", transferId)
			.param("spentAt", utc(this.clock.instant()))
			.update();
	}

	/** Called once the spend is committed (or found committed by another request). */
	public void remember(TransferToken token) {
		this.recentlySpent.remember(token.spendKey(), token.expiresAt());
	}

	/**
	 * Expired tokens cannot be replayed (the decoder refuses them), so their rows
	 * only cost space; transfers keep the permanent (issuer, jti) record.
	 */
	public void purgeExpired() {
		int purged = this.jdbc.sql("DELETE FROM spent_tokens WHERE expires_at < :cutoff")
			.param("cutoff", utc(this.clock.instant().minus(this.clockSkew)))
			.update();
		if (purged > 0) {
			log.info("spent tokens purged: count={}", purged);
		}
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
