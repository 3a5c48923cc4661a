package dev.stepup.bank.security.stepup;

import dev.stepup.bank.security.BearerChallenge;

/**
 * A refusal of the step-up rule that can only be decided once the body is
 * known (the payment does not match the approval) or inside the transfer's
 * transaction (the authentication has already moved money). It carries the
 * challenge to send, so the problem mapping does not re-decide.
 */
public abstract class StepUpRefusal extends RuntimeException {

	private final transient BearerChallenge challenge;

	private final String cause;

	StepUpRefusal(BearerChallenge challenge, String cause) {
		super(challenge.description());
		this.challenge = challenge;
		this.cause = cause;
	}

	public BearerChallenge challenge() {
		return this.challenge;
	}

	/** A low-cardinality label for metrics and logs. */
	public String cause() {
		return this.cause;
	}

}
