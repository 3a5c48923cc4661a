package dev.stepup.demo.totp;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TotpVerifierTests {

	// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890", whose 8-digit code at T=59 s is 94287082.
	private static final TotpSecret RFC_SECRET = new TotpSecret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

	private static final String CODE_AT_59_SECONDS = "287082";

	// RFC 6238 appendix B, T=1111111109 s: 07081804.
	private static final Instant LATER = Instant.ofEpochSecond(1111111109);

	private static final String CODE_AT_LATER = "081804";

	// RFC 6238 appendix B, T=1111111111 s, the step after: 14050471.
	private static final Instant NEXT_STEP = Instant.ofEpochSecond(1111111111);

	private static final String CODE_AT_NEXT_STEP = "050471";

	@Test
	void verifyWhenCodeOfCurrentStepThenAccepted() {
		assertThat(verifierAt(Instant.ofEpochSecond(59)).check("alice", RFC_SECRET, CODE_AT_59_SECONDS)).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(verifierAt(LATER).check("alice", RFC_SECRET, CODE_AT_LATER)).isEqualTo(TotpCheck.ACCEPTED);
	}

	@Test
	void verifyWhenCodeOneStepOldThenAcceptedForClockDrift() {
		assertThat(verifierAt(Instant.ofEpochSecond(59 + 30)).check("alice", RFC_SECRET, CODE_AT_59_SECONDS))
			.isEqualTo(TotpCheck.ACCEPTED);
	}

	@Test
	void verifyWhenCodeTwoStepsOldThenRefused() {
		assertThat(verifierAt(Instant.ofEpochSecond(59 + 60)).check("alice", RFC_SECRET, CODE_AT_59_SECONDS))
			.isEqualTo(TotpCheck.WRONG);
	}

	@Test
	void verifyWhenWrongCodeThenRefused() {
		assertThat(verifierAt(Instant.ofEpochSecond(59)).check("alice", RFC_SECRET, "287083")).isEqualTo(TotpCheck.WRONG);
	}

	@Test
	void verifyWhenNotSixDigitsThenRefused() {
		TotpVerifier verifier = verifierAt(Instant.ofEpochSecond(59));

		assertThat(verifier.check("alice", RFC_SECRET, "94287082")).isEqualTo(TotpCheck.WRONG);
		assertThat(verifier.check("alice", RFC_SECRET, "28708")).isEqualTo(TotpCheck.WRONG);
		assertThat(verifier.check("alice", RFC_SECRET, "28708x")).isEqualTo(TotpCheck.WRONG);
		assertThat(verifier.check("alice", RFC_SECRET, null)).isEqualTo(TotpCheck.WRONG);
	}

	@Test
	void verifyWhenSameCodeTwiceThenSecondRefused() {
		TotpVerifier verifier = verifierAt(Instant.ofEpochSecond(59));

		assertThat(verifier.check("alice", RFC_SECRET, CODE_AT_59_SECONDS)).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(verifier.check("alice", RFC_SECRET, CODE_AT_59_SECONDS)).isEqualTo(TotpCheck.ALREADY_USED);
	}

	@Test
	void verifyWhenReusedCodeIsAlsoMistypedThenWrongNotAlreadyUsed() {
		TotpVerifier verifier = verifierAt(Instant.ofEpochSecond(59));

		verifier.check("alice", RFC_SECRET, CODE_AT_59_SECONDS);

		assertThat(verifier.check("alice", RFC_SECRET, "287083")).isEqualTo(TotpCheck.WRONG);
	}

	@Test
	void verifyWhenOlderCodeAfterNewerOneThenRefused() {
		TotpVerifier verifier = verifierAt(NEXT_STEP);

		assertThat(verifier.check("alice", RFC_SECRET, CODE_AT_NEXT_STEP)).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(verifier.check("alice", RFC_SECRET, CODE_AT_LATER)).isEqualTo(TotpCheck.ALREADY_USED);
	}

	@Test
	void verifyWhenNewerCodeAfterOlderOneThenAccepted() {
		TotpVerifier verifier = verifierAt(NEXT_STEP);

		assertThat(verifier.check("alice", RFC_SECRET, CODE_AT_LATER)).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(verifier.check("alice", RFC_SECRET, CODE_AT_NEXT_STEP)).isEqualTo(TotpCheck.ACCEPTED);
	}

	@Test
	void verifyWhenSameCodeForAnotherAccountThenAccepted() {
		TotpVerifier verifier = verifierAt(Instant.ofEpochSecond(59));

		assertThat(verifier.check("alice", RFC_SECRET, CODE_AT_59_SECONDS)).isEqualTo(TotpCheck.ACCEPTED);
		assertThat(verifier.check("bob", RFC_SECRET, CODE_AT_59_SECONDS)).isEqualTo(TotpCheck.ACCEPTED);
	}

	private static TotpVerifier verifierAt(Instant now) {
		return new TotpVerifier(Clock.fixed(now, ZoneOffset.UTC));
	}

}
