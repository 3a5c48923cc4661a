package dev.stepup.bank.transfer;

import java.math.BigDecimal;
import java.util.Currency;

import dev.stepup.bank.account.Account;
import dev.stepup.bank.money.ExactDecimal;
import dev.stepup.bank.money.InvalidAmount;
import dev.stepup.bank.money.Money;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /transfer}. {@code amount} is read as a
 * {@link BigDecimal} straight from the JSON text, sent as a number or as a
 * string holding a plain decimal ({@link ExactDecimal}), so no binary float
 * ever touches it.
 */
record TransferRequest(
		@NotNull @Pattern(regexp = ACCOUNT_ID, message = "must be an account id") String from,
		@NotNull @Pattern(regexp = ACCOUNT_ID, message = "must be an account id") String to,
		@NotNull @JsonDeserialize(using = ExactDecimal.class) BigDecimal amount,
		@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code") String currency) {

	static final String ACCOUNT_ID = Account.ID_PATTERN;

	TransferCommand toCommand(BigDecimal maxAmount) {
		Currency code;
		try {
			code = Currency.getInstance(this.currency);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTransfer("currency " + this.currency + " is not an ISO 4217 currency");
		}
		Money money;
		try {
			money = new Money(this.amount, code);
		}
		catch (InvalidAmount ex) {
			throw new InvalidTransfer(ex.getMessage());
		}
		if (money.isZero()) {
			throw new InvalidTransfer("amount must be greater than zero");
		}
		if (money.amount().compareTo(maxAmount) > 0) {
			throw new InvalidTransfer("amount is above the per-transfer limit of " + maxAmount.toPlainString());
		}
		if (this.from.equals(this.to)) {
			throw new InvalidTransfer("from and to must be different accounts");
		}
		return new TransferCommand(this.from, this.to, money);
	}

}
