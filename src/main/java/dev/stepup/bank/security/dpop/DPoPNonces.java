package dev.stepup.bank.security.dpop;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Server nonces without server state: the nonce of a client key in a time
 * window is HMAC-SHA256(secret, window, key thumbprint). Every instance with
 * the same secret computes the same nonce, a nonce cannot be carried to
 * another key, and a new window rotates it. The current and the previous
 * window are accepted, so a nonce handed out just before a rotation still
 * works for one more lifetime.
 */
final class DPoPNonces {

	private final boolean enabled;

	private final SecretKeySpec key;

	private final long lifetimeMillis;

	private final Clock clock;

	DPoPNonces(DPoPProperties.Nonce properties, Clock clock) {
		this.enabled = properties.enabled();
		this.key = this.enabled ? new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256")
				: null;
		this.lifetimeMillis = properties.lifetime().toMillis();
		this.clock = clock;
	}

	boolean enabled() {
		return this.enabled;
	}

	/** The nonce a client holding the key with this thumbprint must send now. */
	String current(String keyThumbprint) {
		return nonce(window(), keyThumbprint);
	}

	/** Whether {@code nonce} is this key's nonce of the current or the previous window. */
	boolean accepts(String nonce, String keyThumbprint) {
		byte[] presented = nonce.getBytes(StandardCharsets.US_ASCII);
		long window = window();
		return MessageDigest.isEqual(presented, nonce(window, keyThumbprint).getBytes(StandardCharsets.US_ASCII))
				|| MessageDigest.isEqual(presented,
						nonce(window - 1, keyThumbprint).getBytes(StandardCharsets.US_ASCII));
	}

	private long window() {
		return Math.floorDiv(this.clock.millis(), this.lifetimeMillis);
	}

	private String nonce(long window, String keyThumbprint) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			byte[] tag = mac.doFinal(("dpop-nonce\n" + window + "\n" + keyThumbprint).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every Java runtime has HmacSHA256", ex);
		}
	}

}
