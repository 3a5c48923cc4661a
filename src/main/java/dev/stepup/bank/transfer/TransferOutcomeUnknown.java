package dev.stepup.bank.transfer;

/**
 * The connection to the database broke while a decided transfer was being
 * committed: it may or may not have been recorded, and only the database
 * knows. A retry with the same Idempotency-Key finds the decision if it was
 * committed, or decides once if it was not.
 */
public class TransferOutcomeUnknown extends RuntimeException {

	TransferOutcomeUnknown(Throwable cause) {
		super("the database stopped answering while the transfer was being recorded, so it may or may not "
				+ "have been made; retry with the same Idempotency-Key to get its outcome", cause);
	}

}
