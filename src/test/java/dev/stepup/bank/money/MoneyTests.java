package dev.stepup.bank.money;

import java.math.BigDecimal;
import java.util.Currency;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MoneyTests {

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource({ "EUR, 25, 25.00", "EUR, 25.1, 25.10", "EUR, 25.000, 25.00", "EUR, 0.01, 0.01", "JPY, 100, 100",
			"JPY, 100.000, 100", "BHD, 1.234, 1.234", "BHD, 1, 1.000", "EUR, 1E+2, 100.00", "EUR, 1E-2, 0.01" })
	void amountWithinCurrencyScaleThenHeldAtExactlyThatScale(String currency, String amount, String expected) {
		Money money = Money.of(amount, currency);

		assertThat(money.toPlainString()).isEqualTo(expected);
		assertThat(money.amount().scale()).isEqualTo(Currency.getInstance(currency).getDefaultFractionDigits());
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "EUR, 25.001", "EUR, 0.0010", "EUR, 1E-3", "JPY, 100.5", "JPY, 0.1", "BHD, 1.2345" })
	void amountWithMoreFractionDigitsThanCurrencyThenRefused(String currency, String amount) {
		assertThatExceptionOfType(InvalidAmount.class).isThrownBy(() -> Money.of(amount, currency))
			.withMessageContaining("fraction digits");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-0.01", "-1", "-10000.00" })
	void negativeAmountThenRefused(String amount) {
		assertThatExceptionOfType(InvalidAmount.class).isThrownBy(() -> Money.of(amount, "EUR"))
			.withMessageContaining("negative");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "0.00", "-0", "0E+3" })
	void zeroThenHeldAsZero(String amount) {
		Money zero = Money.of(amount, "EUR");

		assertThat(zero.isZero()).isTrue();
		assertThat(zero.toPlainString()).isEqualTo("0.00");
	}

	@Test
	void oneCentThenNotZero() {
		assertThat(Money.of("0.01", "EUR").isZero()).isFalse();
	}

	@Test
	void sameValueWrittenDifferentlyThenEqual() {
		assertThat(Money.of("25", "EUR")).isEqualTo(Money.of("25.00", "EUR")).isEqualTo(Money.of("2.5E+1", "EUR"));
		assertThat(Money.of("25", "EUR")).isNotEqualTo(Money.of("25", "USD"));
	}

	@Test
	void currencyWithoutMinorUnitThenRefused() {
		assertThatExceptionOfType(InvalidAmount.class).isThrownBy(() -> Money.of("1", "XAU"))
			.withMessageContaining("no minor unit");
	}

	// Timeout only guards against the hang this test is about; it measures nothing.
	@ParameterizedTest
	@ValueSource(strings = { "1E+1000000000", "1E+100000000", "1E+15", "1000000000000000" })
	@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void amountWithMoreIntegerDigitsThanTheLedgerHoldsThenRefusedWithoutExpandingIt(String amount) {
		assertThatExceptionOfType(InvalidAmount.class).isThrownBy(() -> Money.of(amount, "EUR"))
			.withMessageContaining("too large");
	}

	@Test
	void largestAmountTheLedgerHoldsThenAccepted() {
		assertThat(Money.of("999999999999999.99", "EUR").toPlainString()).isEqualTo("999999999999999.99");
	}

	@Test
	void comparisonThenByValueAndOnlyWithinOneCurrency() {
		Money ten = Money.of("10", "EUR");

		assertThat(ten.isGreaterThan(Money.of("9.99", "EUR"))).isTrue();
		assertThat(ten.isGreaterThan(Money.of("10.00", "EUR"))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> ten.isGreaterThan(Money.of("1", "USD")))
			.withMessageContaining("currency mismatch");
	}

	@Test
	void nullPartsThenRefused() {
		Currency eur = Currency.getInstance("EUR");
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> new Money(null, eur));
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> new Money(BigDecimal.ONE, null));
	}

}
