package dev.stepup.bank.security;

/**
 * Reads an {@code Authorization} value by a loop where the bearer and DPoP
 * filters used regular expressions ({@code ^Bearer( .*)?$} and
 * {@code ^Bearer (?<token>[a-zA-Z0-9\-._~+/]+=*)$}, case-insensitive): on an
 * 800-character token those took up to two fifths of a balance read's CPU
 * (BENCHMARKS.md section 5). Same answers, character by character
 * ({@code AuthorizationHeaderTests} compares both).
 */
public final class AuthorizationHeader {

	private AuthorizationHeader() {
	}

	/**
	 * Whether the value is the scheme alone, or the scheme, a space and anything
	 * without a line break ({@code ^Scheme( .*)?$}: case-insensitive in ASCII,
	 * and {@code .} stops at \n, \r, U+0085, U+2028 and U+2029).
	 */
	public static boolean hasScheme(String value, String scheme) {
		if (!startsWithScheme(value, scheme)) {
			return false;
		}
		int length = scheme.length();
		if (value.length() == length) {
			return true;
		}
		if (value.charAt(length) != ' ') {
			return false;
		}
		for (int i = length + 1; i < value.length(); i++) {
			if (isLineTerminator(value.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The RFC 6750 b64token after the scheme and one space, or {@code null} when
	 * the value is anything else ({@code ^Scheme (?<token>[a-zA-Z0-9\-._~+/]+=*)$}).
	 */
	public static String token(String value, String scheme) {
		int start = scheme.length() + 1;
		if (!startsWithScheme(value, scheme) || value.length() <= start || value.charAt(start - 1) != ' ') {
			return null;
		}
		int i = start;
		while (i < value.length() && isTokenCharacter(value.charAt(i))) {
			i++;
		}
		if (i == start) {
			return null;
		}
		while (i < value.length() && value.charAt(i) == '=') {
			i++;
		}
		return (i == value.length()) ? value.substring(start) : null;
	}

	/** The scheme's letters in either ASCII case; nothing else folds into them. */
	private static boolean startsWithScheme(String value, String scheme) {
		if (value.length() < scheme.length()) {
			return false;
		}
		for (int i = 0; i < scheme.length(); i++) {
			char c = value.charAt(i);
			char expected = scheme.charAt(i);
			if (c != expected && !(isAsciiLetter(c) && (c ^ 0x20) == expected)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isAsciiLetter(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}

	private static boolean isTokenCharacter(char c) {
		return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~' || c == '+'
				|| c == '/';
	}

	private static boolean isLineTerminator(char c) {
		return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
	}

}
