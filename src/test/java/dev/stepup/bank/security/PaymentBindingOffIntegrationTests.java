package dev.stepup.bank.security;

import java.util.List;
import java.util.Map;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static dev.stepup.bank.support.PaymentDetails.payment;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code authorization-details=off}: the claim is not read at all, for an
 * authorization server whose details mean something else; the step-up rule
 * and single use still hold.
 */
@TestPropertySource(properties = "bank.security.step-up.authorization-details=off")
class PaymentBindingOffIntegrationTests extends AbstractTransferAttackTests {

	@Test
	void transferWhenBindingIsOffThenDetailsAreIgnoredEvenMalformed() {
		String payer = this.attempt.payer().account();
		String payee = this.attempt.payee().account();
		String bound = TokenMint.transfer(this.attempt.payer().subject())
			.claim("authorization_details", List.of(payment(payer, payee, "25.00", "EUR")))
			.sign();
		String malformed = TokenMint.transfer(this.attempt.payer().subject())
			.claim("authorization_details", Map.of("type", 7))
			.sign();

		assertThat(this.api.transfer(bound, Api.transferBody(payer, payee, "40.00")).status()).isEqualTo(201);
		assertThat(this.api.transfer(malformed, Api.transferBody(payer, payee, "5.00")).status()).isEqualTo(201);
		assertThat(this.api.transfer(bound, this.attempt.body()).status()).isEqualTo(401);
		assertThat(this.bank.balance(payer)).isEqualByComparingTo("955.00");
	}

	@Test
	void resourceMetadataWhenBindingIsOffThenNoAuthorizationDetailsTypes() {
		Api.Response metadata = this.api.get("/.well-known/oauth-protected-resource", null);

		assertThat(metadata.status()).isEqualTo(200);
		assertThat(metadata.json().has("authorization_details_types_supported")).isFalse();
	}

}
