package dev.stepup.bank.opening;

/** A request to open an account that can never succeed as sent: 400. */
public class InvalidOpening extends RuntimeException {

	InvalidOpening(String message) {
		super(message);
	}

}
