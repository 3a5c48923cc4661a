package dev.stepup.bank.transfer;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Marks an Idempotency-Key as in flight, in the database so that every instance
 * sees it. Taking a lock commits on its own, before the transfer's transaction;
 * the lock is given back once the decision has committed or failed.
 */
@Repository
class IdempotencyLocks {

	private final JdbcClient jdbc;

	private final Clock clock;

	IdempotencyLocks(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Takes the key, or answers the request hash of whoever holds it. A lock past
	 * its time belongs to a request that died; it is taken over, by one taker only.
	 * Runs outside any transaction: each statement commits on its own, so the lock
	 * is visible at once, and a lost insert race does not poison a transaction.
	 */
	@Transactional(propagation = Propagation.NEVER)
	public Optional<String> tryLock(String requestedBy, String key, String requestHash, Duration timeout) {
		var now = this.clock.instant().atOffset(ZoneOffset.UTC);
		// the insert first: a new key, the common case, costs one round trip
		try {
			this.jdbc.sql("INSERT INTO idempotency_locks (requested_by, idempotency_key, request_hash, locked_until) "
					+ "VALUES (:requestedBy, :key, :hash, :until)")
				.param("requestedBy", requestedBy)
				.param("key", key)
				.param("hash", requestHash)
				.param("until", now.plus(timeout))
				.update();
			return Optional.empty();
		}
		catch (DuplicateKeyException held) {
			int takenOver = this.jdbc.sql("UPDATE idempotency_locks SET request_hash = :hash, locked_until = :until "
					+ "WHERE requested_by = :requestedBy AND idempotency_key = :key AND locked_until < :now")
				.param("hash", requestHash)
				.param("until", now.plus(timeout))
				.param("requestedBy", requestedBy)
				.param("key", key)
				.param("now", now)
				.update();
			if (takenOver == 1) {
				return Optional.empty();
			}
			return Optional.of(this.jdbc.sql("SELECT request_hash FROM idempotency_locks "
					+ "WHERE requested_by = :requestedBy AND idempotency_key = :key")
				.param("requestedBy", requestedBy)
				.param("key", key)
				.query(String.class)
				.optional()
				.orElse(requestHash));
		}
	}

	/**
	 * Gives the key back; joins the caller's transaction when there is one, and
	 * otherwise is one statement that commits on its own (no BEGIN and COMMIT
	 * around it: one round trip, not two).
	 */
	@Transactional(propagation = Propagation.SUPPORTS)
	public void release(String requestedBy, String key) {
		this.jdbc.sql("DELETE FROM idempotency_locks WHERE requested_by = :requestedBy AND idempotency_key = :key")
			.param("requestedBy", requestedBy)
			.param("key", key)
			.update();
	}

}
