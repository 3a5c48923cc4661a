package dev.stepup.bank.security.stepup;

/**
 * {@code bank.security.step-up.authorization-details}: whether a transfer token
 * must be bound to the transfer it moves (RFC 9396 {@code payment_initiation}).
 */
public enum AuthorizationDetailsMode {

	/** Every transfer token must carry a payment_initiation detail for this API. */
	REQUIRED,

	/** Bind whenever the token carries payment_initiation details; tokens without any move any transfer. */
	WHEN_PRESENT,

	/** Ignore authorization_details altogether. */
	OFF

}
