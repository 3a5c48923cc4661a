package dev.stepup.demo.totp;

/** What a typed code turned out to be. */
public enum TotpCheck {

	/** The current code, seen for the first time: the factor is passed. */
	ACCEPTED,

	/**
	 * A current code that was accepted before, or one older than an accepted one: refused
	 * (RFC 6238 section 5.2), and the person should wait for the next code rather than
	 * doubt the one they typed.
	 */
	ALREADY_USED,

	/** Not a code of this secret now. */
	WRONG

}
