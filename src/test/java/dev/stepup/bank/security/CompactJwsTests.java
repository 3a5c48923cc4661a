package dev.stepup.bank.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CompactJws#isCanonical}: one spelling per token, refused before parsing otherwise. */
class CompactJwsTests {

	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
			three parts                      | eyJhbGciOiJSUzI1NiJ9.e30.AQAB           | true
			unsecured, empty signature       | eyJhbGciOiJub25lIn0.e30.                | true
			every length of the last group   | QQ.QUI.QUJD                             | true
			a tilde                          | eyJhbGciOiJSUzI1NiJ9.e30.AQAB~          | false
			padding                          | eyJhbGciOiJSUzI1NiJ9.e30.AQ==           | false
			plus of base64                   | eyJhbGciOiJSUzI1NiJ9.e30.A+AB           | false
			slash of base64                  | eyJhbGciOiJSUzI1NiJ9.e30.A/AB           | false
			unused bits set, two left over   | QR.QUI.QUJD                             | false
			unused bits set, four left over  | QQ.QUJ.QUJD                             | false
			one character left over          | eyJhbGciOiJSUzI1NiJ9.e30.AQABC          | false
			empty header                     | .e30.AQAB                               | false
			empty payload                    | eyJhbGciOiJSUzI1NiJ9..AQAB              | false
			two parts                        | eyJhbGciOiJSUzI1NiJ9.e30                | false
			four parts                       | eyJhbGciOiJSUzI1NiJ9.e30.AQAB.AQAB      | false
			five parts (JWE)                 | eyJhbGciOiJSU0EtT0FFUCJ9.QQ.QQ.QQ.QQ    | false
			a non-ASCII letter               | eyJhbGciOiJSUzI1NiJ9.e30.AQÄB           | false
			empty                            | ''                                      | false
			""")
	void isCanonicalWhenSpelledSoThenAsExpected(String name, String token, boolean expected) {
		assertThat(CompactJws.isCanonical(token)).isEqualTo(expected);
	}

}
