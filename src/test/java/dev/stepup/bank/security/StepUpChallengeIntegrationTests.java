package dev.stepup.bank.security;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.stepup.bank.support.ProblemAssertions.assertChallenge;
import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;

/**
 * Valid tokens with the transfer scope that are still not fit to move money:
 * not single-use material (no jti, too long-lived), or without fresh MFA
 * evidence, which must come back as the RFC 9470 challenge a front-end can act on.
 */
class StepUpChallengeIntegrationTests extends AbstractTransferAttackTests {

	static final String STEP_UP_TYPE = "urn:stepup-bank:problem:insufficient-user-authentication";

	static final String STEP_UP_TITLE = "Step-up authentication required";

	static final String MFA_REQUIRED = "moving money needs multi-factor authentication";

	static final String MFA_TOO_OLD = "moving money needs an authentication no older than 300 seconds";


	@Test
	void transferWhenTokenHasNoJtiThenInvalidToken() {
		String token = transferToken().without("jti").sign();

		assertInvalidToken(this.api.transfer(token, this.attempt.body()), "a transfer token must carry a jti");
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenTokenLivesLongerThanTenMinutesThenInvalidToken() {
		Instant issued = Instant.now();
		String token = transferToken().claim("iat", Date.from(issued))
			.claim("exp", Date.from(issued.plusSeconds(601)))
			.sign();

		assertInvalidToken(this.api.transfer(token, this.attempt.body()),
				"a transfer token may live at most 600 seconds");
		this.attempt.assertNothingMoved();
	}

	static Stream<Arguments> withoutMfaEvidence() {
		return Stream.of(
				Arguments.of("no MFA evidence",
						(UnaryOperator<TokenMint>) (token) -> token.claim("amr", List.of("pwd")).without("acr")),
				Arguments.of("amr a string instead of an array",
						(UnaryOperator<TokenMint>) (token) -> token.claim("amr", "mfa").without("acr")),
				Arguments.of("acr an array instead of a string", (UnaryOperator<TokenMint>) (token) -> token
					.claim("amr", List.of("pwd"))
					.claim("acr", List.of(TokenMint.MFA_ACR))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("withoutMfaEvidence")
	void transferWhenMfaEvidenceIsMissingOrMalformedThenAcrValuesChallenge(String evidence,
			UnaryOperator<TokenMint> change) {
		assertMfaRequired(change.apply(transferToken()).sign());
	}

	static Stream<Arguments> withoutFreshAuthTime() {
		return Stream.of(
				Arguments.of("auth_time older than max age",
						(UnaryOperator<TokenMint>) (token) -> token.claim("auth_time",
								Instant.now().getEpochSecond() - 301)),
				Arguments.of("auth_time missing", (UnaryOperator<TokenMint>) (token) -> token.without("auth_time")),
				Arguments.of("auth_time not a number",
						(UnaryOperator<TokenMint>) (token) -> token.claim("auth_time", "just now")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("withoutFreshAuthTime")
	void transferWhenAuthTimeIsTooOldMissingOrNotANumberThenMaxAgeChallenge(String authTime,
			UnaryOperator<TokenMint> change) {
		assertMfaTooOld(change.apply(transferToken()).sign());
	}

	private void assertMfaRequired(String token) {
		assertChallenge(this.api.transfer(token, this.attempt.body()), 401,
				"Bearer error=\"insufficient_user_authentication\", acr_values=\"" + TokenMint.MFA_ACR
						+ "\", error_description=\"" + MFA_REQUIRED + "\"",
				STEP_UP_TYPE, STEP_UP_TITLE, MFA_REQUIRED);
		this.attempt.assertNothingMoved();
	}

	private void assertMfaTooOld(String token) {
		assertChallenge(this.api.transfer(token, this.attempt.body()), 401,
				"Bearer error=\"insufficient_user_authentication\", acr_values=\"" + TokenMint.MFA_ACR
						+ "\", max_age=300, error_description=\"" + MFA_TOO_OLD + "\"",
				STEP_UP_TYPE, STEP_UP_TITLE, MFA_TOO_OLD);
		this.attempt.assertNothingMoved();
	}

	private TokenMint transferToken() {
		return TokenMint.transfer(this.attempt.payer().subject());
	}

}
