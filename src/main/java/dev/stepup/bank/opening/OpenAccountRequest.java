package dev.stepup.bank.opening;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.regex.Pattern;

import dev.stepup.bank.account.Account;
import dev.stepup.bank.money.ExactDecimal;
import dev.stepup.bank.money.InvalidAmount;
import dev.stepup.bank.money.Money;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /accounts}: the account id the bank chose (which
 * also makes the call idempotent), the customer id of its owner (the value of
 * the customer claim in that customer's tokens), the currency, and the opening
 * funds, read exactly as a decimal ({@link ExactDecimal}).
 */
record OpenAccountRequest(String id, String owner, String currency,
		@JsonDeserialize(using = ExactDecimal.class) BigDecimal openingBalance) {

	/** Printable ASCII without leading or trailing spaces, as wide as accounts.owner_subject. */
	private static final Pattern OWNER = Pattern.compile("[\\x21-\\x7E]([\\x20-\\x7E]{0,253}[\\x21-\\x7E])?");

	AccountOpening toOpening(BigDecimal maxOpeningBalance) {
		if (this.id == null || !Account.ID.matcher(this.id).matches()) {
			throw new InvalidOpening("id must be 1 to 64 letters, digits or hyphens, starting with a letter or digit");
		}
		if (this.owner == null || !OWNER.matcher(this.owner).matches()) {
			throw new InvalidOpening("owner must be the customer id: 1 to 255 printable ASCII characters");
		}
		if (this.currency == null || !this.currency.matches("[A-Z]{3}")) {
			throw new InvalidOpening("currency must be an ISO 4217 currency code");
		}
		if (this.openingBalance == null) {
			throw new InvalidOpening("openingBalance is required (\"0.00\" for an empty account)");
		}
		Money opening;
		try {
			opening = new Money(this.openingBalance, Currency.getInstance(this.currency));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidOpening("currency " + this.currency + " is not an ISO 4217 currency");
		}
		catch (InvalidAmount ex) {
			throw new InvalidOpening("openingBalance: " + ex.getMessage());
		}
		if (opening.amount().compareTo(maxOpeningBalance) > 0) {
			throw new InvalidOpening("openingBalance is above the limit of " + maxOpeningBalance.toPlainString());
		}
		return new AccountOpening(this.id, this.owner, opening);
	}

	/** A checked request. */
	record AccountOpening(String id, String owner, Money opening) {
	}

}
