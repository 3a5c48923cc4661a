package dev.stepup.demo.stepup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class StepUpSessionsTests {

	private static final String TRANSFER_REQUEST = "/oauth2/authorize?scope=transfer%3Afunds&state=1";

	private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T10:00:00Z"));

	private final StepUpSessions sessions = new StepUpSessions(this.clock,
			new StepUpProperties(Set.of("transfer:funds"), Set.of("urn:mfa"), Duration.ofMinutes(2), 3));

	private final MockHttpServletRequest request = new MockHttpServletRequest();

	@Test
	void proofWhenTakenForItsRequestThenVerificationTime() {
		prove(TRANSFER_REQUEST);

		assertThat(this.sessions.takeProof(this.request, TRANSFER_REQUEST)).contains(this.clock.instant());
	}

	@Test
	void proofWhenTakenTwiceThenSecondTimeNothing() {
		prove(TRANSFER_REQUEST);
		this.sessions.takeProof(this.request, TRANSFER_REQUEST);

		assertThat(this.sessions.takeProof(this.request, TRANSFER_REQUEST)).isEmpty();
	}

	@Test
	void proofWhenOfferedToAnotherRequestThenNothingAndProofGone() {
		prove(TRANSFER_REQUEST);

		assertThat(this.sessions.takeProof(this.request, TRANSFER_REQUEST + "&other")).isEmpty();
		assertThat(this.sessions.takeProof(this.request, TRANSFER_REQUEST)).isEmpty();
	}

	@Test
	void proofWhenOlderThanItsTimeToLiveThenNothing() {
		prove(TRANSFER_REQUEST);
		this.clock.advance(Duration.ofMinutes(2).plusSeconds(1));

		assertThat(this.sessions.takeProof(this.request, TRANSFER_REQUEST)).isEmpty();
	}

	@Test
	void proofWhenANewStepUpBeginsThenEarlierProofVoid() {
		prove(TRANSFER_REQUEST);
		this.sessions.begin(this.request, TRANSFER_REQUEST, List.of());

		assertThat(this.sessions.takeProof(this.request, TRANSFER_REQUEST)).isEmpty();
	}

	@Test
	void wrongCodesWhenBelowLimitThenStepUpStaysPending() {
		this.sessions.begin(this.request, TRANSFER_REQUEST, List.of());

		assertThat(this.sessions.recordWrongCode(this.request)).isTrue();
		assertThat(this.sessions.recordWrongCode(this.request)).isTrue();
		assertThat(this.sessions.pending(this.request)).isPresent();
	}

	@Test
	void wrongCodesWhenLimitReachedThenStepUpAbandoned() {
		this.sessions.begin(this.request, TRANSFER_REQUEST, List.of());
		this.sessions.recordWrongCode(this.request);
		this.sessions.recordWrongCode(this.request);

		assertThat(this.sessions.recordWrongCode(this.request)).isFalse();
		assertThat(this.sessions.pending(this.request)).isEmpty();
	}

	private void prove(String requestUrl) {
		this.sessions.begin(this.request, requestUrl, List.of());
		assertThat(this.sessions.prove(this.request, this.sessions.pending(this.request).orElseThrow()))
			.isEqualTo(requestUrl);
	}

	private static final class SettableClock extends Clock {

		private Instant now;

		SettableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
