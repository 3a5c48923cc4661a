package dev.stepup.demo.totp;

import java.security.Key;

import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

/**
 * A shared TOTP secret, kept as the base32 text that authenticator apps take.
 *
 * @param base32 the secret, RFC 4648 base32 without padding
 */
public record TotpSecret(String base32) {

	// RFC 4226 section 4: the shared secret must be at least 128 bits.
	private static final int MIN_SECRET_BYTES = 16;

	private static final Base32 BASE32 = new Base32();

	public TotpSecret {
		if (base32 == null || !BASE32.isInAlphabet(base32) || base32.length() * 5 / 8 < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException("a TOTP secret is base32 text of at least 128 bits");
		}
	}

	Key key() {
		return new SecretKeySpec(BASE32.decode(this.base32), "HmacSHA1");
	}

	// A secret must never end up in a log line through a careless toString().
	@Override
	public String toString() {
		return "TotpSecret[hidden]";
	}

}
