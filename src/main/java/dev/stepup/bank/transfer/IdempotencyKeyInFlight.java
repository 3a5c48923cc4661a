package dev.stepup.bank.transfer;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The first request with this Idempotency-Key is still running. */
class IdempotencyKeyInFlight extends ProblemException {

	IdempotencyKeyInFlight() {
		super(HttpStatus.CONFLICT, "idempotency-key-in-flight", "Request in progress",
				"a request with this Idempotency-Key is still being processed; retry shortly");
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
