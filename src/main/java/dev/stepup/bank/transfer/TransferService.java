package dev.stepup.bank.transfer;

import java.util.Optional;

import dev.stepup.bank.security.stepup.TransferToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;

/**
 * The Idempotency-Key protocol around a transfer decision: the first decision
 * under a (caller, key) is replayed to every later request with the same body;
 * while it is being made the key's lock row turns others away; a request that
 * loses a race to the decision replays it. What is decided is
 * {@link TransferDecisions}'s business. A request that fails before the
 * decision (unknown account, bad body, a database error) spends nothing.
 */
@Service
class TransferService {

	private static final Logger log = LoggerFactory.getLogger(TransferService.class);

	private static final Runnable NOTHING = () -> {
	};

	private final TransferDecisions decisions;

	private final Transfers transfers;

	private final IdempotencyLocks locks;

	private final TransferProperties properties;

	TransferService(TransferDecisions decisions, Transfers transfers, IdempotencyLocks locks,
			TransferProperties properties) {
		this.decisions = decisions;
		this.transfers = transfers;
		this.locks = locks;
		this.properties = properties;
	}

	/** Decides the transfer, or replays the first decision made under the same Idempotency-Key. */
	Decision transfer(TransferToken token, TransferRequest request, Optional<IdempotencyKey> key) {
		TransferCommand command = request.toCommand(this.properties.maxAmount());
		this.decisions.requireApproved(token, command);
		if (key.isEmpty()) {
			return decide(token, command, null, NOTHING);
		}
		String subject = token.subject();
		String keyValue = key.get().value();
		String fingerprint = command.fingerprint();
		// no look-up before the lock: the one after it finds every decision, and a new key saves a round trip
		Optional<String> holder = this.locks.tryLock(subject, keyValue, fingerprint,
				this.properties.idempotencyLockTimeout());
		if (holder.isPresent()) {
			// the holder may have decided and given the key back since our lock attempt
			return replay(subject, keyValue, fingerprint).orElseThrow(() -> holder.get().equals(fingerprint)
					? new IdempotencyKeyInFlight() : new IdempotencyKeyReused());
		}
		// the key goes back in the decision's own transaction (one commit, not two); if no
		// decision commits (a replay, a refusal, a failure), it goes back after the request
		Runnable giveBackWithDecision = () -> this.locks.release(subject, keyValue);
		boolean decided = false;
		try {
			// a decision under this key that committed before our lock is the answer
			Optional<Decision> earlier = replay(subject, keyValue, fingerprint);
			if (earlier.isPresent()) {
				return earlier.get();
			}
			Decision decision = decide(token, command, keyValue, giveBackWithDecision);
			decided = !decision.replayed();
			return decision;
		}
		finally {
			if (!decided) {
				giveBack(subject, keyValue);
			}
		}
	}

	Transfer find(String id, String subject) {
		return this.transfers.findVisibleTo(id, subject).orElseThrow(() -> new UnknownTransfer(id));
	}

	private Decision decide(TransferToken token, TransferCommand command, String key, Runnable withDecision) {
		try {
			return new Decision(this.decisions.decide(token, command, key, withDecision), false);
		}
		catch (DuplicateKeyException raced) {
			if (key != null) {
				// another request decided under this key after our look-up (its lock
				// expired, or it took over an expired lock as we did): its answer is ours
				Optional<Decision> earlier = replay(token.subject(), key, command.fingerprint());
				if (earlier.isPresent()) {
					return earlier.get();
				}
			}
			throw this.decisions.lostRace(token, raced);
		}
	}

	private Optional<Decision> replay(String subject, String key, String fingerprint) {
		return this.transfers.findByIdempotencyKey(subject, key).map((first) -> {
			if (!first.requestHash().equals(fingerprint)) {
				throw new IdempotencyKeyReused();
			}
			return new Decision(first, true);
		});
	}

	/**
	 * Gives the key back after a request that committed no decision; the decision row,
	 * unique per key, is what later requests replay, so the lock only has to
	 * outlive the decision. If the database is gone this fails too; the request's
	 * own answer (a decision, or the 503 that says whether its outcome is
	 * unknown) must not be replaced by that failure, and the lock frees itself
	 * after idempotency-lock-timeout.
	 */
	private void giveBack(String subject, String key) {
		try {
			this.locks.release(subject, key);
		}
		catch (DataAccessException | TransactionException failed) {
			log.warn("Idempotency-Key not given back, it is freed after {}: {}",
					this.properties.idempotencyLockTimeout(), failed.toString());
		}
	}

	/** A decided transfer (completed or declined), and whether it is the replay of an earlier response. */
	record Decision(Transfer transfer, boolean replayed) {
	}

}
