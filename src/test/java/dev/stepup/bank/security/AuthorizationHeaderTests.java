package dev.stepup.bank.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The loops answer as the regular expressions the bearer and DPoP filters used before them. */
class AuthorizationHeaderTests {

	static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9." + "eyJzdWIiOiJhbGljZSJ9".repeat(30) + ".c2ln-_~+/";

	/** Letters that fold into a scheme's letters somewhere, line breaks, padding, separators. */
	static final String ALPHABET = "BbEeAaRrDdPpOoıſKkİ0189-._~+/= \t\n\r\u0085\u2028\u2029\u00a0,;\"";

	@Test
	void whenValuesAreRandomThenSameAnswersAsTheRegularExpressions() {
		Random random = new Random(17);
		List<String> values = new ArrayList<>(List.of("Bearer", "bearer", "BEARER ", "Bearer " + TOKEN,
				"bEaReR " + TOKEN + "==", "Bearer " + TOKEN + "=a", "Bearer  " + TOKEN, "Bearer " + TOKEN + " ",
				"Bearer\t" + TOKEN, "Bearer " + TOKEN + "\n", "Bearer =", "Bearer a", "Bearer a===", "Bearer " + TOKEN
						+ "\u0085",
				"DPoP " + TOKEN, "dpop " + TOKEN, "DPOP", "DPoP", "DPoPx", "Bearerx " + TOKEN, "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
				"", " ", "ıearer x", "Bearer " + TOKEN.replace('.', ','), "BEARER\u2028"));
		for (int n = 0; n < 20_000; n++) {
			String scheme = random.nextBoolean() ? "Bearer" : "DPoP";
			StringBuilder value = new StringBuilder();
			for (char c : scheme.toCharArray()) {
				value.append(random.nextInt(20) == 0 ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
						: random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
			}
			int length = random.nextInt(12);
			for (int i = 0; i < length; i++) {
				value.append(i == 0 && random.nextInt(4) > 0 ? ' ' : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
			}
			values.add(value.toString());
		}
		int schemes = 0;
		int tokens = 0;
		for (String value : values) {
			for (String scheme : List.of("Bearer", "DPoP")) {
				boolean expectedScheme = Pattern.compile("^" + scheme + "( .*)?$", Pattern.CASE_INSENSITIVE)
					.matcher(value)
					.matches();
				Matcher expectedToken = Pattern
					.compile("^" + scheme + " (?<token>[a-zA-Z0-9\\-._~+/]+=*)$", Pattern.CASE_INSENSITIVE)
					.matcher(value);
				String expected = expectedToken.matches() ? expectedToken.group("token") : null;
				assertThat(AuthorizationHeader.hasScheme(value, scheme)).as("%s scheme of [%s]", scheme, value)
					.isEqualTo(expectedScheme);
				assertThat(AuthorizationHeader.token(value, scheme)).as("%s token of [%s]", scheme, value)
					.isEqualTo(expected);
				schemes += expectedScheme ? 1 : 0;
				tokens += (expected != null) ? 1 : 0;
			}
		}
		// both answers occur often: agreement is not two loops that always say no
		assertThat(schemes).isGreaterThan(2_000);
		assertThat(tokens).isGreaterThan(500);
	}

}
