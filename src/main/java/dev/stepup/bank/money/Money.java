package dev.stepup.bank.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in one currency, held at exactly the currency's scale. It refuses a
 * negative amount and more fraction digits than the currency has, so a value
 * that exists is always a valid balance or transfer amount.
 */
public record Money(BigDecimal amount, Currency currency) {

	/** accounts.balance and transfers.amount are NUMERIC(19, 4): 15 digits before the point. */
	static final int MAX_INTEGER_DIGITS = 15;

	public Money {
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(currency, "currency");
		int digits = currency.getDefaultFractionDigits();
		if (digits < 0) {
			throw new InvalidAmount("currency " + currency + " has no minor unit and cannot be held");
		}
		if (amount.signum() < 0) {
			throw new InvalidAmount("amount must not be negative");
		}
		// before any rescaling: 1E+100000000 is 12 characters of JSON but a
		// hundred million digits once expanded, minutes of CPU for one request
		if (amount.signum() != 0 && (long) amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
			throw new InvalidAmount("amount is too large: at most " + MAX_INTEGER_DIGITS + " digits before the point");
		}
		if (amount.stripTrailingZeros().scale() > digits) {
			throw new InvalidAmount("amount has more than " + digits + " fraction digits allowed for " + currency);
		}
		// exact: the scale check above guarantees nothing is rounded away
		amount = amount.setScale(digits, RoundingMode.UNNECESSARY);
	}

	public static Money of(String amount, String currency) {
		return new Money(new BigDecimal(amount), Currency.getInstance(currency));
	}

	public boolean isZero() {
		return this.amount.signum() == 0;
	}

	public boolean isGreaterThan(Money other) {
		requireSameCurrency(other);
		return this.amount.compareTo(other.amount) > 0;
	}

	/** The amount as the API shows it: a plain decimal string at the currency's scale. */
	public String toPlainString() {
		return this.amount.toPlainString();
	}

	private void requireSameCurrency(Money other) {
		if (!this.currency.equals(other.currency)) {
			throw new IllegalArgumentException("currency mismatch: " + this.currency + " and " + other.currency);
		}
	}

	@Override
	public String toString() {
		return this.currency + " " + toPlainString();
	}

}
