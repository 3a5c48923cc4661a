package dev.stepup.bank.security;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.stepup.bank.security.stepup.SpentAuthentications;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static dev.stepup.bank.support.PaymentDetails.payment;
import static dev.stepup.bank.support.ProblemAssertions.assertChallenge;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's policy: every transfer token bound to its payment
 * ({@code authorization-details=required}), and one transfer per
 * authentication event, so a token refreshed or re-issued from the same
 * approval cannot move money again.
 */
@TestPropertySource(properties = { "bank.security.step-up.authorization-details=required",
		"bank.security.step-up.one-transfer-per-authentication=true" })
class PaymentBindingRequiredIntegrationTests extends AbstractTransferAttackTests {

	@Autowired
	SpentAuthentications spentAuthentications;

	static final String STEP_UP_TYPE = "urn:stepup-bank:problem:insufficient-user-authentication";

	@Test
	void transferWhenTokenIsNotBoundThenChallengedBeforeTheBodyIsRead() {
		String token = transferToken().sign();

		for (String body : new String[] { this.attempt.body(), "{not json" }) {
			assertChallenge(this.api.transfer(token, body), 403,
					Challenges.insufficientAuthorizationDetails(Challenges.BINDING_REQUIRED),
					Challenges.PAYMENT_NOT_AUTHORIZED_TYPE, Challenges.PAYMENT_NOT_AUTHORIZED_TITLE,
					Challenges.BINDING_REQUIRED);
		}
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenTokenCarriesAnUnknownDetailTypeThenInvalidToken() {
		String token = transferToken()
			.claim("authorization_details", List.of(approved(), Map.of("type", "account_information")))
			.sign();
		String description = "authorization detail type 'account_information' is not supported";

		assertChallenge(this.api.transfer(token, this.attempt.body()), 401, Challenges.invalidToken(description),
				"urn:stepup-bank:problem:invalid-token", "Invalid access token", description);
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenBoundTokenMatchesThenCompleted() {
		assertThat(this.api.transfer(bound(transferToken()).sign(), this.attempt.body()).status()).isEqualTo(201);
	}

	@Test
	void transferWhenASecondTokenComesFromTheSameAuthenticationThenNewStepUpAndNothingMoves() {
		long authTime = Instant.now().getEpochSecond() - 20;
		String first = bound(transferToken().claim("auth_time", authTime)).sign();
		String refreshed = bound(transferToken().claim("auth_time", authTime)).sign();

		assertThat(this.api.transfer(first, this.attempt.body()).status()).isEqualTo(201);
		assertChallenge(this.api.transfer(refreshed, this.attempt.body()), 401, Challenges.stepUpAgain(),
				STEP_UP_TYPE, "Step-up authentication required", Challenges.AUTHENTICATION_USED);

		assertThat(this.bank.balance(this.attempt.payer().account())).isEqualByComparingTo("975.00");
		assertThat(this.bank.transfersFrom(this.attempt.payer().account())).isEqualTo(1);
		this.bank.assertInvariants();
	}

	@Test
	void transferWhenEachTokenComesFromItsOwnAuthenticationThenEachMoves() {
		long now = Instant.now().getEpochSecond();

		assertThat(this.api.transfer(bound(transferToken().claim("auth_time", now - 30)).sign(), this.attempt.body())
			.status()).isEqualTo(201);
		assertThat(this.api.transfer(bound(transferToken().claim("auth_time", now - 29)).sign(), this.attempt.body())
			.status()).isEqualTo(201);
	}

	@Test
	void transferWhenOneAuthenticationApprovedTwoPaymentsInTwoTokensThenEachMovesOnce() {
		long authTime = Instant.now().getEpochSecond() - 10;
		String other = Api.transferBody(this.attempt.payer().account(), this.attempt.payee().account(), "30.00");
		String otherToken = transferToken().claim("auth_time", authTime)
			.claim("authorization_details", List.of(payment(this.attempt.payer().account(),
					this.attempt.payee().account(), "30.00", "EUR")))
			.sign();

		assertThat(this.api.transfer(bound(transferToken().claim("auth_time", authTime)).sign(), this.attempt.body())
			.status()).isEqualTo(201);
		assertThat(this.api.transfer(otherToken, other).status()).isEqualTo(201);
		assertThat(this.api.transfer(bound(transferToken().claim("auth_time", authTime)).sign(), this.attempt.body())
			.status()).isEqualTo(401);
		assertThat(this.bank.balance(this.attempt.payer().account())).isEqualByComparingTo("945.00");
	}

	@Test
	void transferWhenRefusedAsAlteredThenTheAuthenticationIsNotSpent() {
		long authTime = Instant.now().getEpochSecond() - 15;
		String token = bound(transferToken().claim("auth_time", authTime)).sign();

		assertThat(this.api.transfer(token, Api.transferBody(this.attempt.payer().account(),
				this.attempt.payee().account(), "25.01")).status()).isEqualTo(403);
		assertThat(this.api.transfer(token, this.attempt.body()).status()).isEqualTo(201);
	}

	@Test
	void purgeWhenAnAuthenticationIsOlderThanMaxAgeThenItsRowGoesAndFreshOnesStay() {
		long authTime = Instant.now().getEpochSecond() - 25;
		assertThat(this.api.transfer(bound(transferToken().claim("auth_time", authTime)).sign(), this.attempt.body())
			.status()).isEqualTo(201);
		String transferId = this.jdbc.sql("SELECT id FROM transfers WHERE from_account = ?")
			.param(this.attempt.payer().account())
			.query(String.class)
			.single();
		this.jdbc.sql("""
				INSERT INTO spent_authentications (event_hash, issuer, subject, auth_time, transfer_id, expires_at, spent_at)
				VALUES (?, 'https://issuer.test', ?, ?, ?, ?, ?)""")
			.params("0".repeat(64), this.attempt.payer().subject(), OffsetDateTime.now().minusMinutes(10), transferId,
					OffsetDateTime.now().minusSeconds(1), OffsetDateTime.now().minusMinutes(9))
			.update();

		this.spentAuthentications.purgeExpired();

		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM spent_authentications WHERE transfer_id = ?")
			.param(transferId)
			.query(Long.class)
			.single()).as("the fresh event stays, the expired one goes").isEqualTo(1);
		assertThat(this.api.transfer(bound(transferToken().claim("auth_time", authTime)).sign(), this.attempt.body())
			.status()).isEqualTo(401);
	}

	private TokenMint bound(TokenMint token) {
		return token.claim("authorization_details", List.of(approved()));
	}

	private Map<String, Object> approved() {
		return payment(this.attempt.payer().account(), this.attempt.payee().account(), "25.00", "EUR");
	}

	private TokenMint transferToken() {
		return TokenMint.transfer(this.attempt.payer().subject());
	}

}
