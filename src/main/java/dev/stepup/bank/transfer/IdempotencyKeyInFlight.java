package dev.stepup.bank.transfer;

/** The first request with this Idempotency-Key is still running. */
public class IdempotencyKeyInFlight extends RuntimeException {

	public IdempotencyKeyInFlight() {
		super("a request with this Idempotency-Key is still being processed; retry shortly");
	}

}
