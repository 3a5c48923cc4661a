package dev.stepup.demo.payment;

import java.math.BigDecimal;
import java.util.Currency;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PaymentInitiationTests {

	@Test
	void wordsWhenEurosThenSymbolGroupingAndCents() {
		assertThat(payment("EUR", "1234.5", null).inCustomerWords())
			.isEqualTo("a transfer of €1,234.50 from alice-eur to bob-eur");
	}

	@Test
	void wordsWhenMoreDigitsThanTheCurrencyHasThenNoneDropped() {
		assertThat(payment("EUR", "25.001", null).inCustomerWords()).contains("€25.001 ");
		assertThat(payment("JPY", "500", null).inCustomerWords()).contains("¥500 ");
	}

	@Test
	void wordsWhenPayeeNamedThenNameBesideTheAccount() {
		assertThat(payment("GBP", "25.00", "Bob").inCustomerWords())
			.isEqualTo("a transfer of £25.00 from alice-eur to Bob (bob-eur)");
	}

	private static PaymentInitiation payment(String currency, String amount, String creditorName) {
		return new PaymentInitiation("alice-eur", "bob-eur", Currency.getInstance(currency), new BigDecimal(amount),
				creditorName);
	}

}
