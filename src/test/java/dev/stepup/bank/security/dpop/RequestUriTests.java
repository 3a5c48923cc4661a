package dev.stepup.bank.security.dpop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The htu comparison of RFC 9449 section 4.3: what counts as the same URI, and what is no URI at all. */
class RequestUriTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://bank.example/transfer", "HTTPS://Bank.Example/transfer",
			"https://bank.example:443/transfer", "https://bank.example/transfer?x=1", "https://bank.example/transfer#f",
			"https://bank.example/a/../transfer", "https://bank.example/./transfer", "https://bank.example/%74ransfer" })
	void normaliseWhenSameResourceThenSameUri(String htu) {
		assertThat(RequestUri.normalise(htu)).isEqualTo("https://bank.example/transfer");
	}

	@Test
	void normaliseWhenPercentEncodingCaseDiffersThenUpperCased() {
		assertThat(RequestUri.normalise("http://h/a%2fb")).isEqualTo("http://h/a%2Fb");
	}

	@Test
	void normaliseWhenNoPathThenSlash() {
		assertThat(RequestUri.normalise("http://h:8080")).isEqualTo("http://h:8080/");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://bank.example/transfer", "https://bank.example:8443/transfer",
			"https://evil.example/transfer", "https://bank.example/transfer/", "https://bank.example/Transfer" })
	void normaliseWhenOtherResourceThenOtherUri(String htu) {
		assertThat(RequestUri.normalise(htu)).isNotEqualTo("https://bank.example/transfer");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/transfer", "not a uri", "ftp://bank.example/transfer", "https://user@bank.example/transfer",
			"https:///transfer", "https://bank.example/%zz", "" })
	void normaliseWhenNotAnAbsoluteHttpUriThenNull(String htu) {
		assertThat(RequestUri.normalise(htu)).isNull();
	}

}
