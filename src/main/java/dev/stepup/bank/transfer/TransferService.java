package dev.stepup.bank.transfer;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.stepup.bank.account.Account;
import dev.stepup.bank.account.Accounts;
import dev.stepup.bank.ledger.Ledger;
import dev.stepup.bank.security.stepup.PaymentBinding;
import dev.stepup.bank.security.stepup.SpentAuthentications;
import dev.stepup.bank.security.stepup.SpentTokens;
import dev.stepup.bank.security.stepup.StepUpRefusal;
import dev.stepup.bank.security.stepup.TokenAlreadySpent;
import dev.stepup.bank.security.stepup.TransferToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides transfers. The token is spent, the transfer recorded and the money
 * moved in one database transaction: either all of it happened or none of it.
 * A request that fails before the decision (unknown account, bad body, a
 * database error) spends nothing.
 */
@Service
class TransferService {

	private static final Logger log = LoggerFactory.getLogger(TransferService.class);

	private final Accounts accounts;

	private final Transfers transfers;

	private final Ledger ledger;

	private final SpentTokens spentTokens;

	private final IdempotencyLocks locks;

	private final TransferProperties properties;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final TransferOutcomes outcomes;

	private final PaymentBinding binding;

	private final SpentAuthentications spentAuthentications;

	TransferService(Accounts accounts, Transfers transfers, Ledger ledger, SpentTokens spentTokens,
			IdempotencyLocks locks, TransferProperties properties, TransactionTemplate transaction, Clock clock,
			TransferOutcomes outcomes, PaymentBinding binding, SpentAuthentications spentAuthentications) {
		this.outcomes = outcomes;
		this.binding = binding;
		this.spentAuthentications = spentAuthentications;
		this.accounts = accounts;
		this.transfers = transfers;
		this.ledger = ledger;
		this.spentTokens = spentTokens;
		this.locks = locks;
		this.properties = properties;
		this.transaction = transaction;
		this.clock = clock;
	}

	/** Decides the transfer, or replays the first decision made under the same Idempotency-Key. */
	Decision transfer(TransferToken token, TransferRequest request, Optional<IdempotencyKey> key) {
		TransferCommand command = request.toCommand(this.properties.maxAmount());
		requireApproved(token, command);
		String fingerprint = command.fingerprint();
		if (key.isEmpty()) {
			return decide(token, command, fingerprint, null);
		}
		String keyValue = key.get().value();
		// no look-up before the lock: the one after it finds every decision, and a new key saves a round trip
		Optional<String> holder = this.locks.tryLock(token.subject(), keyValue, fingerprint,
				this.properties.idempotencyLockTimeout());
		if (holder.isPresent()) {
			// the holder may have finished between our look-up and our lock attempt
			return replay(token.subject(), keyValue, fingerprint).orElseThrow(() -> holder.get().equals(fingerprint)
					? new IdempotencyKeyInFlight() : new IdempotencyKeyReused());
		}
		boolean givenBack = false;
		try {
			// the lock is free once a decision under the key has committed: a request
			// that looked before that commit and locked after it must find the decision
			Optional<Decision> decidedMeanwhile = replay(token.subject(), keyValue, fingerprint);
			if (decidedMeanwhile.isPresent()) {
				return decidedMeanwhile.get();
			}
			Decision decision = decide(token, command, fingerprint, keyValue);
			// a decision of ours committed, and the lock's release with it
			givenBack = !decision.replayed();
			return decision;
		}
		finally {
			if (!givenBack) {
				giveBack(token.subject(), keyValue);
			}
		}
	}

	/**
	 * Gives the key back after the request, whatever happened. If the database is
	 * gone this fails too; the request's own answer (a decision, or the 503 that
	 * says whether its outcome is unknown) must not be replaced by that failure,
	 * and the lock frees itself after idempotency-lock-timeout.
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

	/**
	 * The first thing done with the parsed body, before any key, lock or
	 * transaction: a token bound to payments (RFC 9396) moves only one of them,
	 * and a refusal spends nothing. The token's details were already found
	 * well-formed in the filter chain, which cannot see the body.
	 */
	private void requireApproved(TransferToken token, TransferCommand command) {
		try {
			this.binding.requireAuthorizes(this.binding.payments(token.authorizationDetails()), command.from(),
					command.to(), command.amount().currency().getCurrencyCode(), command.amount().amount());
		}
		catch (StepUpRefusal refusal) {
			this.outcomes.stepUpRefused(token, refusal);
			throw refusal;
		}
	}

	Transfer find(String id, String subject) {
		return this.transfers.findVisibleTo(id, subject).orElseThrow(() -> new UnknownTransfer(id));
	}

	private Optional<Decision> replay(String subject, String key, String fingerprint) {
		return this.transfers.findByIdempotencyKey(subject, key).map((first) -> {
			if (!first.requestHash().equals(fingerprint)) {
				throw new IdempotencyKeyReused();
			}
			return new Decision(first, true);
		});
	}

	private Decision decide(TransferToken token, TransferCommand command, String fingerprint, String key) {
		try {
			this.spentTokens.requireNotKnownSpent(token);
		}
		catch (TokenAlreadySpent replay) {
			throw refused(token, replay, "cache");
		}
		// set as the last step of the transaction's work: a failure after it is a failed commit
		AtomicReference<Transfer> written = new AtomicReference<>();
		Transfer transfer;
		try {
			transfer = this.transaction.execute((status) -> {
				written.set(decideInTransaction(token, command, fingerprint, key));
				return written.get();
			});
		}
		catch (DuplicateKeyException raced) {
			return decidedByAnother(token, fingerprint, key, raced);
		}
		catch (DataAccessException | TransactionException failed) {
			if (written.get() != null) {
				this.outcomes.unknown(written.get(), token);
				throw new TransferOutcomeUnknown(failed);
			}
			throw failed;
		}
		this.spentTokens.remember(token);
		this.outcomes.decided(transfer, token);
		return new Decision(transfer, false);
	}

	/** A unique key refused our insert: a request that won the race used this token or this Idempotency-Key. */
	private Decision decidedByAnother(TransferToken token, String fingerprint, String key,
			DuplicateKeyException raced) {
		if (key != null) {
			// it decided under this key after our look-up (its lock expired, or it
			// took over an expired lock as we did): its answer is ours
			Optional<Decision> earlier = replay(token.subject(), key, fingerprint);
			if (earlier.isPresent()) {
				return earlier.get();
			}
		}
		if (this.transfers.existsForToken(token.issuer(), token.jti()) || this.spentTokens.isSpent(token)) {
			this.spentTokens.remember(token);
			throw refused(token, new TokenAlreadySpent(), "database");
		}
		if (this.spentAuthentications.isSpent(token)) {
			StepUpRefusal refusal = this.spentAuthentications.refusal();
			this.outcomes.stepUpRefused(token, refusal);
			throw refusal;
		}
		throw raced;
	}

	private Transfer decideInTransaction(TransferToken token, TransferCommand command, String fingerprint,
			String key) {
		// lock in id order: two transfers over the same pair of accounts cannot deadlock
		boolean fromFirst = command.from().compareTo(command.to()) < 0;
		Optional<Account> first = this.accounts.lock(fromFirst ? command.from() : command.to());
		Optional<Account> second = this.accounts.lock(fromFirst ? command.to() : command.from());
		Account from = (fromFirst ? first : second).filter((account) -> account.isOwnedBy(token.subject()))
			.orElseThrow(() -> new UnknownAccount(command.from()));
		if (!from.balance().currency().equals(command.amount().currency())) {
			throw new InvalidTransfer("account " + from.id() + " holds " + from.balance().currency().getCurrencyCode()
					+ ", not " + command.amount().currency().getCurrencyCode());
		}
		// a target in another currency answers as an unknown one: otherwise any id could be probed for existence
		Account to = (fromFirst ? second : first)
			.filter((account) -> account.balance().currency().equals(command.amount().currency()))
			.orElseThrow(() -> new UnknownAccount(command.to()));
		TransferStatus status = command.amount().isGreaterThan(from.balance()) ? TransferStatus.DECLINED
				: TransferStatus.COMPLETED;
		Transfer transfer = new Transfer(UUID.randomUUID().toString(), from.id(), to.id(), command.amount(), status,
				token.subject(), key, fingerprint, token.issuer(), token.jti(), this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		this.transfers.insert(transfer);
		if (status == TransferStatus.COMPLETED) {
			this.ledger.post(transfer.id(), from.id(), to.id(), transfer.amount());
		}
		this.spentTokens.spend(token, transfer.id());
		this.spentAuthentications.spend(token, transfer.id());
		if (key != null) {
			this.locks.release(token.subject(), key);
		}
		return transfer;
	}

	private TokenAlreadySpent refused(TransferToken token, TokenAlreadySpent replay, String seenBy) {
		this.outcomes.replayRefused(token, seenBy);
		return replay;
	}

	/** A decided transfer, and whether it is the replay of an earlier response. */
	record Decision(Transfer transfer, boolean replayed) {
	}

}
