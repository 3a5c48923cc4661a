package dev.stepup.bank.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Short SHA-256 fingerprints, so logs can correlate a token (or its jti) without holding it. */
public final class TokenHash {

	private TokenHash() {
	}

	public static String of(String value) {
		if (value == null) {
			return "-";
		}
		return sha256Hex(value).substring(0, 16);
	}

	public static String sha256Hex(String value) {
		return HexFormat.of().formatHex(sha256(value));
	}

	/** The SHA-256 of the value's UTF-8 bytes. */
	public static byte[] sha256(String value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java runtime has SHA-256", ex);
		}
	}

}
