package dev.stepup.bank.security;

import java.util.Arrays;

/**
 * The one spelling of a compact JWS. Nimbus's base64url decoder skips
 * characters outside the alphabet, takes padding and ignores a last
 * character's unused bits, so {@code sig~}, {@code sig==} and a last character
 * one off all decode to the same bytes; access tokens and DPoP proofs are held
 * to the spelling their encoder wrote, before anything parses them.
 */
public final class CompactJws {

	/** Each ASCII character's value in the base64url alphabet, -1 for the others. */
	private static final byte[] SEXTETS = new byte[128];

	static {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		Arrays.fill(SEXTETS, (byte) -1);
		for (int i = 0; i < alphabet.length(); i++) {
			SEXTETS[alphabet.charAt(i)] = (byte) i;
		}
	}

	private CompactJws() {
	}

	/**
	 * Exactly three parts of base64url without padding, each in its one
	 * canonical spelling (RFC 7515 section 7.1, section 2 of its appendix C),
	 * header and payload non-empty. An empty signature is let through: an
	 * unsecured JWT ({@code alg: none}) is refused by the algorithm check, which
	 * says so.
	 */
	public static boolean isCanonical(String token) {
		int parts = 0;
		int start = 0;
		int length = token.length();
		for (int i = 0; i < length; i++) {
			char c = token.charAt(i);
			if (c == '.') {
				if (++parts == 3 || !isCanonicalPart(token, start, i, false)) {
					return false;
				}
				start = i + 1;
			}
			else if (c >= 128 || SEXTETS[c] < 0) {
				return false;
			}
		}
		return parts == 2 && isCanonicalPart(token, start, length, true);
	}

	/** The part from start to end (all in the alphabet) as the encoder writes it: no unused bit set. */
	private static boolean isCanonicalPart(String token, int start, int end, boolean mayBeEmpty) {
		int length = end - start;
		if (length == 0) {
			return mayBeEmpty;
		}
		int last = SEXTETS[token.charAt(end - 1)];
		return switch (length % 4) {
			case 1 -> false;
			case 2 -> (last & 0x0F) == 0;
			case 3 -> (last & 0x03) == 0;
			default -> true;
		};
	}

}
