package dev.stepup.bank.security;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;

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

	@Test
	void transferWhenTokenHasNoMfaEvidenceThenAcrValuesChallenge() {
		String token = transferToken().claim("amr", List.of("pwd")).without("acr").sign();

		assertMfaRequired(token);
	}

	@Test
	void transferWhenAmrIsAStringInsteadOfAnArrayThenAcrValuesChallenge() {
		String token = transferToken().claim("amr", "mfa").without("acr").sign();

		assertMfaRequired(token);
	}

	@Test
	void transferWhenAcrIsAnArrayInsteadOfAStringThenAcrValuesChallenge() {
		String token = transferToken().claim("amr", List.of("pwd")).claim("acr", List.of(TokenMint.MFA_ACR)).sign();

		assertMfaRequired(token);
	}

	@Test
	void transferWhenAuthTimeIsOlderThanMaxAgeThenMaxAgeChallenge() {
		String token = transferToken().claim("auth_time", Instant.now().getEpochSecond() - 301).sign();

		assertMfaTooOld(token);
	}

	@Test
	void transferWhenAuthTimeIsMissingThenMaxAgeChallenge() {
		String token = transferToken().without("auth_time").sign();

		assertMfaTooOld(token);
	}

	@Test
	void transferWhenAuthTimeIsNotANumberThenMaxAgeChallenge() {
		String token = transferToken().claim("auth_time", "just now").sign();

		assertMfaTooOld(token);
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
