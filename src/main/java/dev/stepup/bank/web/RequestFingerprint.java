package dev.stepup.bank.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a request with an {@code Idempotency-Key} asked for, as the SHA-256 (hex)
 * of its fields, one per line: a retry under the same key must ask for the same
 * thing, and the fingerprint is stored to tell.
 */
public final class RequestFingerprint {

	private RequestFingerprint() {
	}

	/** The fields in a fixed order, already in their canonical form (an amount as its plain string). */
	public static String of(String... fields) {
		byte[] text = String.join("\n", fields).getBytes(StandardCharsets.UTF_8);
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

}
