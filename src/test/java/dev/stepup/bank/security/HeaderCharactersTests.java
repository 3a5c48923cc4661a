package dev.stepup.bank.security;

import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop decides as Spring's regular expressions do, on every code point and on token-sized values. */
class HeaderCharactersTests {

	static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9." + "eyJzdWIiOiJhbGljZSJ9".repeat(30) + ".c2lnbmF0dXJl-_";

	@Test
	void valuesWhenEachCodePointAloneOrInsideATokenThenSameAnswerAsSpringsRegex() {
		assertSameOnEveryCodePoint(HeaderCharacters.VALUES, StrictHttpFirewall.ALLOWED_HEADER_VALUES);
	}

	@Test
	void namesWhenEachCodePointAloneOrInsideATokenThenSameAnswerAsSpringsRegex() {
		assertSameOnEveryCodePoint(HeaderCharacters.NAMES, StrictHttpFirewall.ALLOWED_HEADER_NAMES);
	}

	@Test
	void valuesWhenAControlCharacterHidesInATokenThenRefused() {
		assertThat(HeaderCharacters.VALUES.test("Bearer " + TOKEN)).isTrue();
		assertThat(HeaderCharacters.VALUES.test("Bearer\t" + TOKEN)).isTrue();
		for (char control : new char[] { 0, '\n', '\r', 0x1B, 0x7F, 0x85, 0x9B, 0x9F }) {
			assertThat(HeaderCharacters.VALUES.test("Bearer " + TOKEN + control)).as("after, %x", (int) control).isFalse();
			assertThat(HeaderCharacters.VALUES.test(control + "Bearer " + TOKEN)).as("before, %x", (int) control).isFalse();
			assertThat(HeaderCharacters.VALUES.test("Bearer " + TOKEN.substring(0, 400) + control + TOKEN.substring(400)))
				.as("inside, %x", (int) control)
				.isFalse();
		}
		assertThat(HeaderCharacters.NAMES.test("X-\tName")).isFalse();
		// unassigned (U+0378) and a private-use code point outside the BMP (assigned)
		assertThat(HeaderCharacters.VALUES.test(TOKEN + "\u0378")).isFalse();
		assertThat(HeaderCharacters.VALUES.test(TOKEN + new String(Character.toChars(0xF0000)))).isTrue();
	}

	@Test
	void valuesWhenSurrogatesArePairedOrAloneThenSameAnswerAsSpringsRegex() {
		String[] values = { "\uD83D\uDE00", "\uD83D", "\uDE00", "a\uD83Db", "\uDE00\uD83D", "\uD83D\uDE00\uD83D",
				"\uDB40\uDC01", "\uDB7F\uDFFF", "" };
		for (String value : values) {
			assertThat(HeaderCharacters.VALUES.test(value)).as(value)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
			assertThat(HeaderCharacters.NAMES.test(value)).as(value)
				.isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(value));
		}
	}

	private static void assertSameOnEveryCodePoint(Predicate<String> loop, Predicate<String> regex) {
		int allowed = 0;
		int refused = 0;
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String alone = new String(Character.toChars(codePoint));
			boolean expected = regex.test(alone);
			if (loop.test(alone) != expected) {
				throw new AssertionError("U+%04X alone: regex %s".formatted(codePoint, expected));
			}
			String inside = "Bearer abc" + alone + "def";
			if (loop.test(inside) != regex.test(inside)) {
				throw new AssertionError("U+%04X inside a value: regex %s".formatted(codePoint, regex.test(inside)));
			}
			if (expected) {
				allowed++;
			}
			else {
				refused++;
			}
		}
		// both answers occur: a predicate that always agreed by saying the same thing would fail here
		assertThat(allowed).isGreaterThan(100_000);
		assertThat(refused).isGreaterThan(60);
	}

}
