package dev.stepup.bank.transfer;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * The connection to the database broke while a decided transfer was being
 * committed: it may or may not have been recorded, and only the database
 * knows. A retry with the same Idempotency-Key finds the decision if it was
 * committed, or decides once if it was not.
 */
class TransferOutcomeUnknown extends ProblemException {

	TransferOutcomeUnknown(Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, "outcome-unknown", "Service unavailable",
				"the database stopped answering while the transfer was being recorded, so it may or may not "
						+ "have been made; retry with the same Idempotency-Key to get its outcome",
				cause);
	}

}
