package dev.stepup.bank.security;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static dev.stepup.bank.support.ProblemAssertions.assertMfaTooOld;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens the issuer signed whose claims are malformed: numeric dates out of
 * any sensible range or of the wrong JSON type, identifiers too long or
 * strange for the columns that hold them. Each fails closed with the right
 * challenge, never a 500 or a 503; nothing moves and nothing is spent.
 */
class MalformedClaimsIntegrationTests extends AbstractTransferAttackTests {

	static final String MALFORMED = "Malformed payload";

	static final String SUB_NOT_VALID = "The sub claim is not valid";

	/** Not NumericDates: out of Instant's range, wrapping in Nimbus's milliseconds, negative, or not numbers at all. */
	static List<Object> notNumericDates() {
		return List.of(Long.MAX_VALUE, Long.MIN_VALUE, 31_556_889_864_403_200L, 31_556_889_864_403_199L,
				18_446_744_075_409_551L, 253_402_300_800L, -1L, 1e300, -1e300, Double.MAX_VALUE, "1700000000", "now",
				true, List.of(1_700_000_000L), Map.of("seconds", 1_700_000_000L));
	}

	static List<Arguments> dateClaimsWithMalformedValues() {
		return List.of("exp", "nbf", "iat")
			.stream()
			.flatMap((claim) -> notNumericDates().stream().map((value) -> Arguments.of(claim, value)))
			.toList();
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("dateClaimsWithMalformedValues")
	void transferWhenDateClaimIsNotANumericDateThenInvalidTokenAndNothingSpent(String claim, Object value) {
		TokenMint mint = transferToken().claim(claim, value);

		assertInvalidToken(this.api.transfer(mint.sign(), this.attempt.body()), MALFORMED);
		assertNothingMovedOrSpent(mint);
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("dateClaimsWithMalformedValues")
	void balanceWhenDateClaimIsNotANumericDateThenInvalidToken(String claim, Object value) {
		String token = TokenMint.balance(this.attempt.payer().subject()).claim(claim, value).sign();

		assertInvalidToken(this.api.get("/balance", token), MALFORMED);
	}

	@ParameterizedTest(name = "auth_time = {0}")
	@MethodSource("notNumericDates")
	void transferWhenAuthTimeIsNotANumericDateThenMaxAgeChallengeAndNothingSpent(Object value) {
		TokenMint mint = transferToken().claim("auth_time", value);

		assertMfaTooOld(this.api.transfer(mint.sign(), this.attempt.body()));
		assertNothingMovedOrSpent(mint);
	}

	/** The contract requires exp only: a balance token without iat is fine. */
	@Test
	void balanceWhenTokenHasNoIatThenOk() {
		Api.Response response = this.api.get("/balance", TokenMint.balance(this.attempt.payer().subject()).without("iat").sign());

		assertThat(response.status()).as(response.body()).isEqualTo(200);
	}

	/** A transfer token's lifetime is capped, and exp − iat needs iat. */
	@Test
	void transferWhenTokenHasNoIatThenInvalidTokenAndNothingSpent() {
		TokenMint mint = transferToken().without("iat");

		assertInvalidToken(this.api.transfer(mint.sign(), this.attempt.body()), "a transfer token must carry iat and exp");
		assertNothingMovedOrSpent(mint);
	}

	static List<Object> badIdentifiers() {
		return List.of("u".repeat(256), "u".repeat(4_000), "", " ", "user\u0000", "user\nname", "us\u00e9r",
				"user-\ud83d\ude00", 42L, true, List.of("user"));
	}

	@ParameterizedTest(name = "sub = {0}")
	@MethodSource("badIdentifiers")
	void transferWhenSubjectIsNotAnIdentifierThenInvalidTokenEvenWithAnIdempotencyKey(Object subject) {
		TokenMint mint = transferToken().claim("sub", subject);

		Api.Response response = this.api.transfer(mint.sign(), this.attempt.body(),
				Map.of("Idempotency-Key", UUID.randomUUID().toString()));

		assertInvalidToken(response, (subject instanceof String) ? SUB_NOT_VALID : MALFORMED);
		assertNothingMovedOrSpent(mint);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("clientClaimsWithBadValues")
	void transferWhenClientIdIsNotAnIdentifierThenInvalidToken(String claim, Object value) {
		TokenMint mint = transferToken().claim(claim, value);

		assertInvalidToken(this.api.transfer(mint.sign(), this.attempt.body()),
				(value instanceof String) ? "The " + claim + " claim is not valid" : MALFORMED);
		assertNothingMovedOrSpent(mint);
	}

	static List<Arguments> clientClaimsWithBadValues() {
		return List.of("client_id", "azp")
			.stream()
			.flatMap((claim) -> badIdentifiers().stream().map((value) -> Arguments.of(claim, value)))
			.toList();
	}

	@ParameterizedTest(name = "jti = {0}")
	@MethodSource("badJtis")
	void transferWhenJtiIsTooLongOrHasControlCharactersThenInvalidToken(String jti) {
		TokenMint mint = transferToken().claim("jti", jti);

		assertInvalidToken(this.api.transfer(mint.sign(), this.attempt.body()), "a transfer token must carry a jti");
		assertNothingMovedOrSpent(mint);
	}

	static List<String> badJtis() {
		return List.of("j".repeat(256), "j".repeat(4_000), "", " ", "jti\u0000", "jti\u007f", "jti\r\n");
	}

	/** The widest values the columns hold are accepted: 255 characters each. */
	@Test
	void transferWhenSubjectJtiAndKeyAreAtTheirLimitsThenCreated() {
		String subject = "s".repeat(255);
		String account = "acc-" + UUID.randomUUID().toString().substring(0, 18);
		this.bank.openAccount(account, subject, "EUR", "100.00");
		TokenMint mint = TokenMint.transfer(subject).claim("jti", "j".repeat(240) + UUID.randomUUID().toString().substring(0, 15))
			.claim("client_id", "c".repeat(255));

		Api.Response created = this.api.transfer(mint.sign(),
				Api.transferBody(account, this.attempt.payee().account(), "1.00"),
				Map.of("Idempotency-Key", "k".repeat(200) + UUID.randomUUID().toString() + "-".repeat(19)));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(this.bank.balance(account)).isEqualByComparingTo("99.00");
	}

	private void assertNothingMovedOrSpent(TokenMint mint) {
		this.attempt.assertNothingMoved();
		Object jti = mint.claimsSet().getClaim("jti");
		if (jti instanceof String id) {
			assertThat(this.bank.isSpent(id)).as("token spent").isFalse();
		}
		assertThat(this.bank.totalBalance()).isEqualByComparingTo(this.bank.totalOpening());
	}

	private TokenMint transferToken() {
		return TokenMint.transfer(this.attempt.payer().subject());
	}

}
