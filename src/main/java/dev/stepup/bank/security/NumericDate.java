package dev.stepup.bank.security;

import java.time.Instant;
import java.util.Optional;

/**
 * An RFC 7519 NumericDate claim ({@code exp}, {@code nbf}, {@code iat},
 * {@code auth_time}) as the issuer wrote it: a JSON number of seconds since
 * the epoch. Only a finite number from 1970 to the end of year 9999 is a date;
 * anything else (a string, a boolean, a huge or negative number) is malformed.
 * Checked on the JSON value itself, because converting first is where it goes
 * wrong: Nimbus multiplies by 1000 in a long, so {@code 2^63 - 1} wraps into
 * the past, and {@code Instant} throws on what it cannot hold.
 */
public final class NumericDate {

	/** 9999-12-31T23:59:59Z. */
	public static final long MAX_SECONDS = 253_402_300_799L;

	private NumericDate() {
	}

	/** The instant, or empty when the value is not a NumericDate this API accepts. */
	public static Optional<Instant> of(Object value) {
		if (!(value instanceof Number number)) {
			return Optional.empty();
		}
		double seconds = number.doubleValue();
		if (!Double.isFinite(seconds) || seconds < 0 || seconds > MAX_SECONDS) {
			return Optional.empty();
		}
		return Optional.of((value instanceof Long || value instanceof Integer) ? Instant.ofEpochSecond(number.longValue())
				: Instant.ofEpochSecond((long) Math.floor(seconds)));
	}

}
