package dev.stepup.bank.security;

/** The API's scopes, and the authorities Spring Security derives from them, in one place. */
public final class Scopes {

	public static final String VIEW_BALANCE = "view:balance";

	public static final String TRANSFER_FUNDS = "transfer:funds";

	public static final String AUTHORITY_PREFIX = "SCOPE_";

	public static final String VIEW_BALANCE_AUTHORITY = AUTHORITY_PREFIX + VIEW_BALANCE;

	public static final String TRANSFER_FUNDS_AUTHORITY = AUTHORITY_PREFIX + TRANSFER_FUNDS;

	private Scopes() {
	}

}
