package dev.stepup.bank.security;

/** The API's scopes, and the authorities Spring Security derives from them, in one place. */
public final class Scopes {

	public static final String VIEW_BALANCE = "view:balance";

	public static final String TRANSFER_FUNDS = "transfer:funds";

	/** Reads {@code /actuator/info} and {@code /actuator/prometheus}: for the platform team's tools, not customers. */
	public static final String OPERATIONS = "bank:operations";

	public static final String AUTHORITY_PREFIX = "SCOPE_";

	public static final String VIEW_BALANCE_AUTHORITY = AUTHORITY_PREFIX + VIEW_BALANCE;

	public static final String TRANSFER_FUNDS_AUTHORITY = AUTHORITY_PREFIX + TRANSFER_FUNDS;

	public static final String OPERATIONS_AUTHORITY = AUTHORITY_PREFIX + OPERATIONS;

	private Scopes() {
	}

}
