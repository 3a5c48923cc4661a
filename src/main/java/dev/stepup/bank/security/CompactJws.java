package dev.stepup.bank.security;

/**
 * The one spelling of a compact JWS. Nimbus's base64url decoder skips
 * characters outside the alphabet, takes padding and ignores a last
 * character's unused bits, so {@code sig~}, {@code sig==} and a last character
 * one off all decode to the same bytes; access tokens and DPoP proofs are held
 * to the spelling their encoder wrote, before anything parses them.
 */
public final class CompactJws {

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
		for (int i = 0; i <= token.length(); i++) {
			if (i == token.length() || token.charAt(i) == '.') {
				if (++parts > 3 || !isCanonicalBase64Url(token, start, i, parts == 3)) {
					return false;
				}
				start = i + 1;
			}
			else if (sextet(token.charAt(i)) < 0) {
				return false;
			}
		}
		return parts == 3;
	}

	/** The characters from start to end (all in the alphabet) as the encoder writes them. */
	private static boolean isCanonicalBase64Url(String token, int start, int end, boolean mayBeEmpty) {
		int length = end - start;
		if (length == 0) {
			return mayBeEmpty;
		}
		int last = sextet(token.charAt(end - 1));
		return switch (length % 4) {
			case 1 -> false;
			case 2 -> (last & 0x0F) == 0;
			case 3 -> (last & 0x03) == 0;
			default -> true;
		};
	}

	private static int sextet(char c) {
		if (c >= 'A' && c <= 'Z') {
			return c - 'A';
		}
		if (c >= 'a' && c <= 'z') {
			return c - 'a' + 26;
		}
		if (c >= '0' && c <= '9') {
			return c - '0' + 52;
		}
		return (c == '-') ? 62 : (c == '_') ? 63 : -1;
	}

}
