package dev.stepup.bank.transfer;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpStatus;

/** The Idempotency-Key was already used by this caller for a different request. */
class IdempotencyKeyReused extends ProblemException {

	IdempotencyKeyReused() {
		super(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
				"this Idempotency-Key was already used for a different transfer request");
	}

}
