package dev.stepup.bank.money;

/** An amount that cannot be money: negative, zero where a transfer needs more, too precise or over a limit. */
public class InvalidAmount extends RuntimeException {

	public InvalidAmount(String message) {
		super(message);
	}

}
