package dev.stepup.bank.security.dpop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.stepup.bank.security.RecentKeys;
import dev.stepup.bank.security.TokenHash;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * DPoP proofs already presented, by (key thumbprint, jti), on every instance
 * that shares the database: the row in {@code dpop_proofs} is committed
 * before the request goes on, and its primary key lets exactly one of any
 * number of concurrent requests through. The Caffeine cache only answers
 * replays this instance has seen without a round trip. A row is kept until
 * its proof would be refused as too old anyway.
 */
@Component
public class UsedProofs {

	private static final Logger log = LoggerFactory.getLogger(UsedProofs.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final RecentKeys recent;

	UsedProofs(JdbcClient jdbc, Clock clock, DPoPProperties properties, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.recent = new RecentKeys("dpop-proofs", properties.replay().cacheSize(), Duration.ZERO, clock, meters);
	}

	/**
	 * Records the proof as used. Returns the cause label when it was used
	 * before ({@code proof_replay_cache}, {@code proof_replay_database}), null
	 * when this is its first use.
	 */
	String use(String keyThumbprint, String jti, Instant uselessAfter) {
		String hash = TokenHash.sha256Hex(keyThumbprint + "\n" + jti);
		if (this.recent.contains(hash)) {
			return "proof_replay_cache";
		}
		try {
			this.jdbc.sql("INSERT INTO dpop_proofs (proof_hash, expires_at) VALUES (:hash, :expiresAt)")
				.param("hash", hash)
				.param("expiresAt", uselessAfter.atOffset(ZoneOffset.UTC))
				.update();
			this.recent.remember(hash, uselessAfter);
			return null;
		}
		catch (DuplicateKeyException ex) {
			this.recent.remember(hash, uselessAfter);
			return "proof_replay_database";
		}
	}

	public void purgeExpired() {
		int purged = this.jdbc.sql("DELETE FROM dpop_proofs WHERE expires_at < :now")
			.param("now", this.clock.instant().atOffset(ZoneOffset.UTC))
			.update();
		if (purged > 0) {
			log.info("used DPoP proofs purged: count={}", purged);
		}
	}

}
