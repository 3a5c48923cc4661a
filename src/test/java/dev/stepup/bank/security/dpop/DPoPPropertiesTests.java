package dev.stepup.bank.security.dpop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Every bank.security.dpop property refuses what it cannot mean; the nonces rotate and stay with their key. */
class DPoPPropertiesTests {

	static final String SECRET = "a-shared-secret-of-at-least-32-characters";

	@Test
	void algorithmsWhenSymmetricOrNoneThenRefused() {
		for (String alg : List.of("HS256", "none", "EdDSA", "es256")) {
			assertThatIllegalArgumentException().isThrownBy(() -> properties(List.of(alg), Duration.ofSeconds(60)))
				.withMessageContaining("bank.security.dpop.algorithms");
		}
	}

	@Test
	void proofMaxAgeWhenZeroOrOverTenMinutesThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(List.of("ES256"), Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> properties(List.of("ES256"), Duration.ofMinutes(11)));
	}

	@Test
	void nonceWhenEnabledWithoutALongSecretThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DPoPProperties.Nonce(true, "", Duration.ofMinutes(5)))
			.withMessageContaining("bank.security.dpop.nonce.secret");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DPoPProperties.Nonce(true, "x".repeat(31), Duration.ofMinutes(5)));
	}

	@Test
	void nonceWhenPrintedThenSecretNotShown() {
		assertThat(new DPoPProperties.Nonce(true, SECRET, Duration.ofMinutes(5)).toString()).doesNotContain(SECRET);
	}

	@Test
	void nonceWhenNextWindowThenStillAcceptedAndAfterThatNot() {
		Instant start = Instant.parse("2026-12-03T07:00:00Z");
		DPoPProperties.Nonce properties = new DPoPProperties.Nonce(true, SECRET, Duration.ofMinutes(5));
		String nonce = new DPoPNonces(properties, Clock.fixed(start, ZoneOffset.UTC)).current("key-a");

		assertThat(new DPoPNonces(properties, Clock.fixed(start.plusSeconds(299), ZoneOffset.UTC)).accepts(nonce, "key-a"))
			.isTrue();
		assertThat(new DPoPNonces(properties, Clock.fixed(start.plusSeconds(300), ZoneOffset.UTC)).accepts(nonce, "key-a"))
			.isTrue();
		assertThat(new DPoPNonces(properties, Clock.fixed(start.plusSeconds(600), ZoneOffset.UTC)).accepts(nonce, "key-a"))
			.isFalse();
		assertThat(new DPoPNonces(properties, Clock.fixed(start, ZoneOffset.UTC)).accepts(nonce, "key-b")).isFalse();
		assertThat(new DPoPNonces(new DPoPProperties.Nonce(true, SECRET + "!", Duration.ofMinutes(5)),
				Clock.fixed(start, ZoneOffset.UTC)).accepts(nonce, "key-a")).isFalse();
	}

	private static DPoPProperties properties(List<String> algorithms, Duration maxAge) {
		return new DPoPProperties(algorithms, false, false, maxAge, DataSize.ofKilobytes(4),
				new DPoPProperties.Replay(1000, Duration.ofMinutes(10)),
				new DPoPProperties.Nonce(false, "", Duration.ofMinutes(5)));
	}

}
