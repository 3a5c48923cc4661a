package dev.stepup.demo.testsupport;

import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

/**
 * Computes the demo customers' codes from their published secrets, as their phone
 * would. The server accepts each time step once per customer, so this never hands
 * out the same step twice in one test run, waiting for the clock when it must.
 */
public final class DemoTotp {

	/** The published demo secrets (README.md), as an authenticator app holds them. */
	private static final Map<String, String> SECRETS = Map.of("alice", "QY3AYQYI45GKJ7ODBVX423K6XYTK2JBP", "bob",
			"TTWFACOHICDOI3UKX5Q6BW6UCIV5UOP7");

	private static final Duration TIME_STEP = Duration.ofSeconds(30);

	private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator(
			TIME_STEP, 6);

	private static final Map<String, Long> lastStepUsed = new HashMap<>();

	private DemoTotp() {
	}

	/** A code for {@code username} that the server has not seen yet. */
	public static synchronized String nextCode(String username) {
		long step = Math.max(currentStep(), lastStepUsed.getOrDefault(username, Long.MIN_VALUE) + 1);
		// The server takes one step of clock drift, so a code may run one step ahead and no more.
		while (step > currentStep() + 1) {
			sleepOneSecond();
		}
		lastStepUsed.put(username, step);
		return codeAt(username, step);
	}

	/** A code that is certainly wrong for {@code username} right now. */
	public static String wrongCode(String username) {
		long now = currentStep();
		for (int candidate = 0;; candidate++) {
			String code = String.format("%06d", candidate);
			boolean current = false;
			for (long step = now - 2; step <= now + 2; step++) {
				current |= code.equals(codeAt(username, step));
			}
			if (!current) {
				return code;
			}
		}
	}

	private static String codeAt(String username, long step) {
		byte[] secret = new Base32().decode(SECRETS.get(username));
		try {
			return GENERATOR.generateOneTimePasswordString(new SecretKeySpec(secret, "HmacSHA1"),
					Instant.ofEpochSecond(step * TIME_STEP.toSeconds()));
		}
		catch (InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long currentStep() {
		return Instant.now().getEpochSecond() / TIME_STEP.toSeconds();
	}

	private static void sleepOneSecond() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
