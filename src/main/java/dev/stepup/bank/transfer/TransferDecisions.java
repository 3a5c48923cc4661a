package dev.stepup.bank.transfer;

import java.util.concurrent.atomic.AtomicReference;

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
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides one transfer, knowing nothing of Idempotency-Keys: whether the token
 * approves this payment, whether this instance has seen the token spent, the
 * booking in one transaction, and the report of what was decided. Completed
 * and declined are both decisions, returned; a refusal is thrown before
 * anything is decided, and a failed commit is an unknown outcome.
 */
@Component
class TransferDecisions {

	private static final Logger log = LoggerFactory.getLogger(TransferDecisions.class);

	private final PaymentBinding binding;

	private final SpentTokens spentTokens;

	private final SpentAuthentications spentAuthentications;

	private final Transfers transfers;

	private final TransferBooking booking;

	private final TransactionTemplate transaction;

	private final TransferOutcomes outcomes;

	TransferDecisions(PaymentBinding binding, SpentTokens spentTokens, SpentAuthentications spentAuthentications,
			Transfers transfers, TransferBooking booking, TransactionTemplate transaction, TransferOutcomes outcomes) {
		this.binding = binding;
		this.spentTokens = spentTokens;
		this.spentAuthentications = spentAuthentications;
		this.transfers = transfers;
		this.booking = booking;
		this.transaction = transaction;
		this.outcomes = outcomes;
	}

	/**
	 * The first thing done with the parsed body, before any key, lock or
	 * transaction: a token bound to payments (RFC 9396) moves only one of them,
	 * and a refusal spends nothing. The token's details were already found
	 * well-formed in the filter chain, which cannot see the body.
	 */
	void requireApproved(TransferToken token, TransferCommand command) {
		try {
			this.binding.requireAuthorizes(this.binding.payments(token.authorizationDetails()), command.from(),
					command.to(), command.amount().currency().getCurrencyCode(), command.amount().amount());
		}
		catch (StepUpRefusal refusal) {
			this.outcomes.stepUpRefused(token, refusal);
			throw refusal;
		}
	}

	/**
	 * The committed decision. A {@link DuplicateKeyException} means a unique key
	 * refused the booking: another request won a race for this token or this
	 * Idempotency-Key, which the caller explains ({@link #lostRace}).
	 * {@code withDecision} is the caller's own work that must commit with the
	 * decision and only with it (giving an Idempotency-Key back); it runs in the
	 * transaction after the booking.
	 */
	Transfer decide(TransferToken token, TransferCommand command, String idempotencyKey, Runnable withDecision) {
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
				Transfer booked = this.booking.book(token, command, idempotencyKey);
				withDecision.run();
				written.set(booked);
				return booked;
			});
		}
		catch (DuplicateKeyException raced) {
			// not a database failure: nothing was decided, and the caller knows whether a key explains it
			throw raced;
		}
		catch (DataAccessException | TransactionException failed) {
			if (written.get() != null) {
				log.error("database failure while committing a transfer: {}", failed.toString());
				this.outcomes.unknown(written.get(), token);
				throw new TransferOutcomeUnknown(failed);
			}
			throw failed;
		}
		this.spentTokens.remember(token);
		this.outcomes.decided(transfer, token);
		return transfer;
	}

	/**
	 * What to answer when a unique key refused the booking and no decision under
	 * the request's Idempotency-Key explains it: the token was spent by the
	 * winner, or its authentication was, or (neither) the original failure.
	 */
	RuntimeException lostRace(TransferToken token, DuplicateKeyException raced) {
		if (this.transfers.existsForToken(token.issuer(), token.jti()) || this.spentTokens.isSpent(token)) {
			this.spentTokens.remember(token);
			return refused(token, new TokenAlreadySpent(), "database");
		}
		if (this.spentAuthentications.isSpent(token)) {
			StepUpRefusal refusal = this.spentAuthentications.refusal();
			this.outcomes.stepUpRefused(token, refusal);
			return refusal;
		}
		return raced;
	}

	private TokenAlreadySpent refused(TransferToken token, TokenAlreadySpent replay, String seenBy) {
		this.outcomes.replayRefused(token, seenBy);
		return replay;
	}

}
