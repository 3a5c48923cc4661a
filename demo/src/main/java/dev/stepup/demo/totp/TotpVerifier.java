package dev.stepup.demo.totp;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/**
 * Checks six-digit RFC 6238 codes (SHA-1, 30-second steps, the defaults every
 * authenticator app uses), and accepts each code at most once.
 */
public final class TotpVerifier {

	static final Duration TIME_STEP = Duration.ofSeconds(30);

	// One step either side absorbs a phone clock that is a little off.
	private static final int ACCEPTED_DRIFT_STEPS = 1;

	private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");

	private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(TIME_STEP, 6);

	private final Map<String, Long> lastAcceptedStep = new ConcurrentHashMap<>();

	private final Clock clock;

	public TotpVerifier(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Whether {@code code} is the current code of {@code secret} and was not accepted
	 * for {@code account} before ({@link TotpCheck#ACCEPTED}), a current code that was
	 * ({@link TotpCheck#ALREADY_USED}), or neither.
	 */
	public TotpCheck check(String account, TotpSecret secret, String code) {
		if (code == null || !SIX_DIGITS.matcher(code).matches()) {
			return TotpCheck.WRONG;
		}
		long now = this.clock.instant().getEpochSecond() / TIME_STEP.toSeconds();
		for (long step = now - ACCEPTED_DRIFT_STEPS; step <= now + ACCEPTED_DRIFT_STEPS; step++) {
			if (isCodeOfStep(secret, step, code)) {
				return acceptOnce(account, step) ? TotpCheck.ACCEPTED : TotpCheck.ALREADY_USED;
			}
		}
		return TotpCheck.WRONG;
	}

	private boolean isCodeOfStep(TotpSecret secret, long step, String code) {
		try {
			String expected = this.generator.generateOneTimePasswordString(secret.key(),
					Instant.ofEpochSecond(step * TIME_STEP.toSeconds()));
			return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
					code.getBytes(StandardCharsets.US_ASCII));
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException("TOTP secret is not a usable HMAC key", ex);
		}
	}

	// RFC 6238 section 5.2: once a code was accepted, neither it nor an older one may be accepted again,
	// so a code seen over someone's shoulder is worthless after its owner used it.
	private boolean acceptOnce(String account, long step) {
		AtomicBoolean accepted = new AtomicBoolean();
		this.lastAcceptedStep.compute(account, (key, last) -> {
			if (last != null && last >= step) {
				return last;
			}
			accepted.set(true);
			return step;
		});
		return accepted.get();
	}

}
