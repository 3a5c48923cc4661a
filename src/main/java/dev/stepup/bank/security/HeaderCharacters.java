package dev.stepup.bank.security;

import java.util.function.Predicate;

/**
 * The characters {@code StrictHttpFirewall} allows in header names and values,
 * decided by a loop instead of its regular expressions. Spring's defaults are
 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} for names and the same plus tab
 * for values; the firewalled request runs them on every {@code getHeader}, and
 * on a bearer token of about 800 characters the regex cost a fifth of a
 * balance read's CPU (BENCHMARKS.md). Same rule, code point by code point, as
 * the regex reads a string: assigned (an unpaired surrogate counts as
 * assigned, as there), not an ISO control, tab allowed in values only.
 * {@code HeaderCharactersTests} compares both on every code point.
 */
final class HeaderCharacters {

	static final Predicate<String> NAMES = (name) -> allowed(name, false);

	static final Predicate<String> VALUES = (value) -> allowed(value, true);

	private HeaderCharacters() {
	}

	private static boolean allowed(String text, boolean tabAllowed) {
		int length = text.length();
		int i = 0;
		while (i < length) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7F) {
				// printable ASCII: assigned and not a control, the whole of a token
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
