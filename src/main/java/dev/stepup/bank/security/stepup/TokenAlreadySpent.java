package dev.stepup.bank.security.stepup;

/** A transfer token was presented again after it authorized a transfer. */
public class TokenAlreadySpent extends RuntimeException {

	public TokenAlreadySpent() {
		super("token has already been used");
	}

}
