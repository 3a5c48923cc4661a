package dev.stepup.bank.security;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.TokenMint;
import dev.stepup.bank.support.TransferAttempt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.stepup.bank.support.PaymentDetails.payment;
import static dev.stepup.bank.support.PaymentDetails.with;
import static dev.stepup.bank.support.ProblemAssertions.assertChallenge;
import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens bound to a payment (RFC 9396 payment_initiation), under the default
 * {@code when-present}: the approved transfer moves, any altered one is refused
 * before anything is decided and leaves the token usable for the approved one.
 */
class PaymentBindingIntegrationTests extends AbstractTransferAttackTests {

	static final String OTHER_API = "https://other-api.example";

	@Test
	void transferWhenBodyMatchesTheApprovedPaymentThenCompleted() {
		Api.Response done = this.api.transfer(boundToken(approved()), this.attempt.body());

		assertThat(done.status()).as(done.body()).isEqualTo(201);
		assertThat(this.bank.balance(this.attempt.payer().account())).isEqualByComparingTo("975.00");
	}

	@Test
	void transferWhenBodyAmountHasAnotherScaleOfTheSameValueThenCompleted() {
		String token = boundToken(payment(payer(), payee(), "25.0", "EUR"));

		assertThat(this.api.transfer(token, Api.transferBody(payer(), payee(), "25.00")).status()).isEqualTo(201);
	}

	static Stream<Arguments> alteredTransfers() {
		return Stream.of(Arguments.of("amount plus one cent", "{\"from\":\"%1$s\",\"to\":\"%2$s\",\"amount\":\"25.01\",\"currency\":\"EUR\"}"),
				Arguments.of("amount one scale down", "{\"from\":\"%1$s\",\"to\":\"%2$s\",\"amount\":\"2.50\",\"currency\":\"EUR\"}"),
				Arguments.of("amount one scale up", "{\"from\":\"%1$s\",\"to\":\"%2$s\",\"amount\":250.0,\"currency\":\"EUR\"}"),
				Arguments.of("other payee", "{\"from\":\"%1$s\",\"to\":\"%3$s\",\"amount\":\"25.00\",\"currency\":\"EUR\"}"),
				Arguments.of("other currency", "{\"from\":\"%1$s\",\"to\":\"%2$s\",\"amount\":\"25.00\",\"currency\":\"USD\"}"),
				Arguments.of("other debtor", "{\"from\":\"%4$s\",\"to\":\"%2$s\",\"amount\":\"25.00\",\"currency\":\"EUR\"}"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("alteredTransfers")
	void transferWhenBodyIsAlteredAfterApprovalThenRefusedAndTokenStillMovesTheApprovedPayment(String change,
			String template) {
		Customer mallory = this.bank.newCustomer("0.00");
		String payersOtherAccount = "acc2-" + this.attempt.payer().account();
		this.bank.openAccount(payersOtherAccount, this.attempt.payer().subject(), "EUR", "300.00");
		String token = boundToken(approved());

		assertMismatch(this.api.transfer(token, template.formatted(payer(), payee(), mallory.account(),
				payersOtherAccount)));
		this.attempt.assertNothingMoved();
		assertThat(this.bank.balance(mallory.account())).isEqualByComparingTo("0.00");
		assertThat(this.bank.balance(payersOtherAccount)).isEqualByComparingTo("300.00");

		assertThat(this.api.transfer(token, this.attempt.body()).status()).isEqualTo(201);
		assertThat(this.bank.balance(payee())).isEqualByComparingTo("525.00");
	}

	@Test
	void transferWhenBodyMatchesOnlyTheDetailForAnotherApiThenRefusedAndTokenStillMovesOurs() {
		String token = boundToken(approved(), payment(payer(), payee(), "99.00", "EUR", OTHER_API));

		assertMismatch(this.api.transfer(token, Api.transferBody(payer(), payee(), "99.00")));
		this.attempt.assertNothingMoved();
		assertThat(this.api.transfer(token, this.attempt.body()).status()).isEqualTo(201);
	}

	@Test
	void transferWhenAlteredRetryReusesTheIdempotencyKeyThenRefusedAndKeyStillFree() {
		String token = boundToken(approved());
		Map<String, String> key = Map.of("Idempotency-Key", "bound-" + payer());

		assertMismatch(this.api.transfer(token, Api.transferBody(payer(), payee(), "26.00"), key));
		Api.Response done = this.api.transfer(token, this.attempt.body(), key);

		assertThat(done.status()).isEqualTo(201);
		assertThat(done.header("Idempotent-Replayed")).isEqualTo("false");
	}

	@Test
	void transferWhenTokenCarriesSeveralPaymentsThenAnyOneMovesOnceAndTheTokenIsSpent() {
		Customer carol = this.bank.newCustomer("0.00");
		String token = boundToken(payment(payer(), payee(), "10.00", "EUR"),
				payment(payer(), carol.account(), "25.00", "EUR"));

		assertMismatch(this.api.transfer(token, Api.transferBody(payer(), carol.account(), "10.00")));
		assertThat(this.api.transfer(token, Api.transferBody(payer(), carol.account(), "25.00")).status())
			.isEqualTo(201);
		assertInvalidToken(this.api.transfer(token, Api.transferBody(payer(), payee(), "10.00")),
				"token has already been used");
		assertThat(this.bank.balance(payer())).isEqualByComparingTo("975.00");
		assertThat(this.bank.balance(payee())).isEqualByComparingTo(TransferAttempt.PAYEE_OPENING);
	}

	@Test
	void transferWhenTokenCarriesOnlyOtherDetailTypesThenUnboundUnderWhenPresent() {
		String token = transferToken().claim("authorization_details", List.of(Map.of("type", "account_information")))
			.sign();

		assertThat(this.api.transfer(token, Api.transferBody(payer(), payee(), "7.00")).status()).isEqualTo(201);
	}

	static Stream<Arguments> malformedDetails() {
		Map<String, Object> ok = payment("alice-eur", "bob-eur", "25.00", "EUR");
		return Stream.of(Arguments.of("not an array", ok, "authorization_details must be an array"),
				Arguments.of("missing amount", List.of(with(ok, "instructedAmount", Map.of("currency", "EUR"))),
						"instructedAmount.amount is missing or not valid"),
				Arguments.of("amount as a number", List.of(with(ok, "instructedAmount", Map.of("currency", "EUR", "amount", 25))),
						"instructedAmount.amount is missing or not valid"),
				Arguments.of("amount not a decimal", List.of(with(ok, "instructedAmount", Map.of("currency", "EUR", "amount", "25,00"))),
						"instructedAmount.amount is missing or not valid"),
				Arguments.of("account as a string", List.of(with(ok, "creditorAccount", "bob-eur")),
						"creditorAccount must be an object"),
				Arguments.of("type not a string", List.of(with(ok, "type", List.of("payment_initiation"))),
						"each authorization detail must be an object with a string type"),
				Arguments.of("only another API", List.of(with(ok, "locations", List.of(OTHER_API))),
						"no payment_initiation detail names this API in its locations"),
				Arguments.of("a constraint the API cannot enforce", List.of(with(ok, "executionDate", "2027-01-01")),
						"payment_initiation member 'executionDate' is not supported"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("malformedDetails")
	void transferWhenAuthorizationDetailsAreMalformedThenInvalidTokenAndNothingMoves(String kind, Object claim,
			String description) {
		String token = transferToken().claim("authorization_details", claim).sign();

		Api.Response refused = this.api.transfer(token, this.attempt.body());

		assertChallenge(refused, 401, Challenges.invalidToken(description), "urn:stepup-bank:problem:invalid-token",
				"Invalid access token", description);
		this.attempt.assertNothingMoved();
	}

	private void assertMismatch(Api.Response response) {
		assertChallenge(response, 403, Challenges.insufficientAuthorizationDetails(Challenges.MISMATCH),
				Challenges.PAYMENT_NOT_AUTHORIZED_TYPE, Challenges.PAYMENT_NOT_AUTHORIZED_TITLE, Challenges.MISMATCH);
	}

	private Map<String, Object> approved() {
		return payment(payer(), payee(), "25.00", "EUR");
	}

	@SafeVarargs
	private String boundToken(Map<String, Object>... details) {
		return transferToken().claim("authorization_details", List.of(details)).sign();
	}

	private TokenMint transferToken() {
		return TokenMint.transfer(this.attempt.payer().subject());
	}

	private String payer() {
		return this.attempt.payer().account();
	}

	private String payee() {
		return this.attempt.payee().account();
	}

}
