package dev.stepup.bank.security.stepup;

import java.math.BigDecimal;

/**
 * One RFC 9396 {@code payment_initiation} authorization detail as this API
 * reads it: the customer approved moving exactly {@code amount} of
 * {@code currency} from {@code debtorAccount} to {@code creditorAccount}
 * (account ids of this API).
 */
public record PaymentInitiation(String debtorAccount, String creditorAccount, String currency, BigDecimal amount) {

	public static final String TYPE = "payment_initiation";

	/** The shape of each field in the token, also published in the OpenAPI document. */
	public static final String ACCOUNT_ID = "[A-Za-z0-9][A-Za-z0-9-]{0,63}";

	public static final String CURRENCY = "[A-Z]{3}";

	/** A plain decimal string: no sign, exponent or grouping; read exactly. */
	public static final String AMOUNT = "(0|[1-9][0-9]{0,14})(\\.[0-9]{1,8})?";

	/** Exact decimal equality: 25.0 is 25.00, 25.001 is not. */
	boolean authorizes(String from, String to, String currency, BigDecimal amount) {
		return this.debtorAccount.equals(from) && this.creditorAccount.equals(to) && this.currency.equals(currency)
				&& this.amount.compareTo(amount) == 0;
	}

	/** The same text for the same payment, whatever the scale of the amount. */
	String canonical() {
		return this.debtorAccount + '|' + this.creditorAccount + '|' + this.currency + '|'
				+ this.amount.stripTrailingZeros().toPlainString();
	}

}
