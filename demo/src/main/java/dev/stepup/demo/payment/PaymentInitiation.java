package dev.stepup.demo.payment;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One payment a customer is asked to approve: {@code amount} of {@code currency}
 * from {@code debtorAccount} to {@code creditorAccount}, accounts by the API's ids.
 *
 * @param debtorAccount the account the money leaves
 * @param creditorAccount the account the money goes to
 * @param currency ISO 4217 code
 * @param amount as the client wrote it (its scale is kept, so the token says what was shown)
 * @param creditorName the payee's name, when the client sent one; shown, not checked
 */
public record PaymentInitiation(String debtorAccount, String creditorAccount, Currency currency, BigDecimal amount,
		String creditorName) {

	public static final String TYPE = "payment_initiation";

	public PaymentInitiation {
		Objects.requireNonNull(debtorAccount, "debtorAccount");
		Objects.requireNonNull(creditorAccount, "creditorAccount");
		Objects.requireNonNull(currency, "currency");
		Objects.requireNonNull(amount, "amount");
	}

	/**
	 * What the customer approves, as they read it: "a transfer of €25.00 from
	 * alice-eur to bob-eur". English pages, so English number format; never fewer
	 * digits than were sent, so €25.001 is not shown as €25.00.
	 */
	public String inCustomerWords() {
		NumberFormat money = NumberFormat.getCurrencyInstance(Locale.US);
		money.setCurrency(this.currency);
		money.setMaximumFractionDigits(Math.max(this.currency.getDefaultFractionDigits(), this.amount.scale()));
		String payee = (this.creditorName != null) ? this.creditorName + " (" + this.creditorAccount + ")"
				: this.creditorAccount;
		return "a transfer of " + money.format(this.amount) + " from " + this.debtorAccount + " to " + payee;
	}

	/** The detail as the access token carries it (README, "What the customer approved is what moves"). */
	Map<String, Object> claim(String resource) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("type", TYPE);
		detail.put("locations", List.of(resource));
		detail.put("instructedAmount",
				Map.of("currency", this.currency.getCurrencyCode(), "amount", this.amount.toPlainString()));
		detail.put("debtorAccount", Map.of("id", this.debtorAccount));
		detail.put("creditorAccount", Map.of("id", this.creditorAccount));
		if (this.creditorName != null) {
			detail.put("creditorName", this.creditorName);
		}
		return detail;
	}

}
