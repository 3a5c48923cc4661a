package dev.stepup.bank.transfer;

/** The Idempotency-Key was already used by this caller for a different request. */
public class IdempotencyKeyReused extends RuntimeException {

	public IdempotencyKeyReused() {
		super("this Idempotency-Key was already used for a different transfer request");
	}

}
