package dev.stepup.bank.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of token material: so that a token, a proof or a spent
 * authentication is kept and compared by its hash, never held as it came.
 */
public final class TokenHash {

	private TokenHash() {
	}

	/** The SHA-256 of the value's UTF-8 bytes, in lower-case hex: the key under which a used proof or authentication is stored. */
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
