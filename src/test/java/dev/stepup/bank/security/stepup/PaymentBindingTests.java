package dev.stepup.bank.security.stepup;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.stepup.bank.security.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading authorization_details into payments, and matching a transfer against them, per mode. */
class PaymentBindingTests {

	static final String AUDIENCE = "https://my-banking-api";

	final PaymentBinding whenPresent = binding(AuthorizationDetailsMode.WHEN_PRESENT);

	final PaymentBinding required = binding(AuthorizationDetailsMode.REQUIRED);

	@Test
	void paymentsWhenDetailIsWellFormedThenReadExactly() {
		assertThat(this.whenPresent.payments(List.of(detail("25.00"))))
			.containsExactly(new PaymentInitiation("alice-eur", "bob-eur", "EUR", new BigDecimal("25.00")));
		assertThat(this.whenPresent.payments(List.of(detail("25")))).extracting(PaymentInitiation::amount)
			.containsExactly(new BigDecimal("25"));
	}

	@Test
	void requireAuthorizesWhenAmountHasAnotherScaleThenAllowed() {
		List<PaymentInitiation> payments = this.whenPresent.payments(List.of(detail("25.0")));

		assertThatNoException().isThrownBy(() -> this.whenPresent.requireAuthorizes(payments, "alice-eur", "bob-eur",
				"EUR", new BigDecimal("25.00")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "25.01", "24.99", "25.001", "250.00" })
	void requireAuthorizesWhenAmountDiffersThenMismatch(String amount) {
		List<PaymentInitiation> payments = this.whenPresent.payments(List.of(detail(amount)));

		assertThatThrownBy(() -> this.whenPresent.requireAuthorizes(payments, "alice-eur", "bob-eur", "EUR",
				new BigDecimal("25.00")))
			.isInstanceOf(PaymentNotAuthorized.class)
			.hasMessage(PaymentNotAuthorized.MISMATCH);
	}

	@Test
	void requireAuthorizesWhenOneOfSeveralDetailsMatchesThenAllowed() {
		List<PaymentInitiation> payments = this.whenPresent
			.payments(List.of(detail("10.00"), with(detail("25.00"), "creditorAccount", Map.of("id", "carol-eur"))));

		assertThatNoException().isThrownBy(() -> this.whenPresent.requireAuthorizes(payments, "alice-eur",
				"carol-eur", "EUR", new BigDecimal("25")));
		assertThatThrownBy(() -> this.whenPresent.requireAuthorizes(payments, "alice-eur", "bob-eur", "EUR",
				new BigDecimal("25"))).isInstanceOf(PaymentNotAuthorized.class);
	}

	@Test
	void requireAuthorizesWhenUnboundThenOnlyRequiredRefuses() {
		assertThatNoException().isThrownBy(() -> this.whenPresent.requireAuthorizes(List.of(), "a", "b", "EUR",
				BigDecimal.ONE));
		assertThatThrownBy(() -> this.required.requireAuthorizes(List.of(), "a", "b", "EUR", BigDecimal.ONE))
			.isInstanceOf(PaymentNotAuthorized.class)
			.hasMessage(PaymentNotAuthorized.MISSING);
	}

	@Test
	void paymentsWhenModeIsOffThenEvenMalformedDetailsAreIgnored() {
		assertThat(binding(AuthorizationDetailsMode.OFF).payments("not an array")).isEmpty();
	}

	@Test
	void paymentsWhenOnlyOtherTypesThenUnboundUnlessRequired() {
		List<Map<String, Object>> other = List.of(Map.of("type", "account_information"));

		assertThat(this.whenPresent.payments(other)).isEmpty();
		assertMalformed(this.required, other, "authorization detail type 'account_information' is not supported");
	}

	@Test
	void paymentsWhenDetailNamesAnotherApiOnlyThenMalformed() {
		assertMalformed(this.whenPresent,
				List.of(with(detail("25.00"), "locations", List.of("https://other-api.example"))),
				"no payment_initiation detail names this API in its locations");
	}

	@Test
	void paymentsWhenOneDetailIsForAnotherApiThenOnlyOursCount() {
		List<PaymentInitiation> payments = this.whenPresent.payments(List.of(detail("25.00"),
				with(detail("99.00"), "locations", List.of("https://other-api.example"))));

		assertThat(payments).extracting(PaymentInitiation::amount).containsExactly(new BigDecimal("25.00"));
	}

	@Test
	void paymentsWhenShapeIsWrongThenMalformed() {
		assertMalformed(this.whenPresent, "a string", "authorization_details must be an array");
		assertMalformed(this.whenPresent, List.of("a string"),
				"each authorization detail must be an object with a string type");
		assertMalformed(this.whenPresent, List.of(Map.of("type", 7)),
				"each authorization detail must be an object with a string type");
		assertMalformed(this.whenPresent, List.of(without(detail("25.00"), "instructedAmount")),
				"instructedAmount must be an object");
		assertMalformed(this.whenPresent, List.of(with(detail("25.00"), "instructedAmount", Map.of("currency", "EUR"))),
				"instructedAmount.amount is missing or not valid");
		assertMalformed(this.whenPresent,
				List.of(with(detail("25.00"), "instructedAmount", Map.of("currency", "EUR", "amount", 25.0))),
				"instructedAmount.amount is missing or not valid");
		assertMalformed(this.whenPresent, List.of(detail("0.00")), "instructedAmount.amount must be greater than zero");
		assertMalformed(this.whenPresent,
				List.of(with(detail("25.00"), "instructedAmount", Map.of("currency", "eur", "amount", "25.00"))),
				"instructedAmount.currency is missing or not valid");
		assertMalformed(this.whenPresent, List.of(with(detail("25.00"), "debtorAccount", "alice-eur")),
				"debtorAccount must be an object");
		assertMalformed(this.whenPresent,
				List.of(with(detail("25.00"), "creditorAccount", Map.of("iban", "DE02100100109307118603"))),
				"creditorAccount may only have id");
		assertMalformed(this.whenPresent, List.of(with(detail("25.00"), "locations", "https://my-banking-api")),
				"locations must be a non-empty array of strings");
		assertMalformed(this.whenPresent, List.of(with(detail("25.00"), "executionDate", "2026-12-24")),
				"payment_initiation member 'executionDate' is not supported");
		assertMalformed(this.whenPresent, List.of(with(detail("25.00"), "creditorName", List.of("Bob"))),
				"creditorName must be a string");
	}

	@ParameterizedTest
	@ValueSource(strings = { "25.", ".5", "-25.00", "+25", "1e3", "25,00", " 25.00", "0x19", "2500000000000000.00" })
	void paymentsWhenAmountIsNotAPlainDecimalThenMalformed(String amount) {
		assertMalformed(this.whenPresent,
				List.of(with(detail("25.00"), "instructedAmount", Map.of("currency", "EUR", "amount", amount))),
				"instructedAmount.amount is missing or not valid");
	}

	private static void assertMalformed(PaymentBinding binding, Object claim, String description) {
		assertThatThrownBy(() -> binding.payments(claim))
			.isInstanceOf(PaymentBinding.MalformedAuthorizationDetails.class)
			.hasMessage(description);
	}

	static Map<String, Object> detail(String amount) {
		Map<String, Object> detail = new HashMap<>();
		detail.put("type", "payment_initiation");
		detail.put("locations", List.of(AUDIENCE));
		detail.put("instructedAmount", Map.of("currency", "EUR", "amount", amount));
		detail.put("debtorAccount", Map.of("id", "alice-eur"));
		detail.put("creditorAccount", Map.of("id", "bob-eur"));
		detail.put("creditorName", "Bob");
		return detail;
	}

	private static Map<String, Object> with(Map<String, Object> detail, String name, Object value) {
		Map<String, Object> copy = new HashMap<>(detail);
		copy.put(name, value);
		return copy;
	}

	private static Map<String, Object> without(Map<String, Object> detail, String name) {
		Map<String, Object> copy = new HashMap<>(detail);
		copy.remove(name);
		return copy;
	}

	static PaymentBinding binding(AuthorizationDetailsMode mode) {
		OAuth2ResourceServerProperties resourceServer = new OAuth2ResourceServerProperties();
		resourceServer.getJwt().setAudiences(List.of(AUDIENCE));
		SecurityProperties properties = new SecurityProperties(
				new SecurityProperties.StepUp(List.of("mfa"), List.of("acr"), Duration.ofSeconds(300), mode, false),
				null, null, null, null);
		return new PaymentBinding(properties, resourceServer);
	}

}
