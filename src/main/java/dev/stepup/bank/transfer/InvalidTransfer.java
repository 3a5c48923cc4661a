package dev.stepup.bank.transfer;

/** A transfer that can never succeed as asked: same account twice, unknown currency, currencies that differ. */
public class InvalidTransfer extends RuntimeException {

	public InvalidTransfer(String message) {
		super(message);
	}

}
