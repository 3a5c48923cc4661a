package dev.stepup.bank.security.token;

import dev.stepup.bank.security.TokenError;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Where a bearer token may come from (one Authorization header only), and how large it may be. */
class StrictBearerTokenResolverTests {

	static final int MAX_SIZE = 64;

	final StrictBearerTokenResolver resolver = new StrictBearerTokenResolver(DataSize.ofBytes(MAX_SIZE));

	final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/transfer");

	@Test
	void resolveWhenOneBearerHeaderThenToken() {
		this.request.addHeader("Authorization", "Bearer abc.def-_~+/ghi==");

		assertThat(this.resolver.resolve(this.request)).isEqualTo("abc.def-_~+/ghi==");
	}

	@Test
	void resolveWhenSchemeInLowerCaseThenToken() {
		this.request.addHeader("Authorization", "bearer abc.def.ghi");

		assertThat(this.resolver.resolve(this.request)).isEqualTo("abc.def.ghi");
	}

	@Test
	void resolveWhenNoAuthorizationHeaderThenNoToken() {
		assertThat(this.resolver.resolve(this.request)).isNull();
	}

	@Test
	void resolveWhenAnotherSchemeThenNoToken() {
		this.request.addHeader("Authorization", "Basic YWxpY2U6c2VjcmV0");

		assertThat(this.resolver.resolve(this.request)).isNull();
	}

	@Test
	void resolveWhenBearerWithoutTokenThenMalformed() {
		this.request.addHeader("Authorization", "Bearer");

		assertRefused(HttpStatus.UNAUTHORIZED, "invalid_token", "bearer token is malformed");
	}

	@Test
	void resolveWhenTokenHasASpaceThenMalformed() {
		this.request.addHeader("Authorization", "Bearer abc def");

		assertRefused(HttpStatus.UNAUTHORIZED, "invalid_token", "bearer token is malformed");
	}

	@Test
	void resolveWhenTokenIsExactlyTheMaximumSizeThenToken() {
		this.request.addHeader("Authorization", "Bearer " + "a".repeat(MAX_SIZE));

		assertThat(this.resolver.resolve(this.request)).hasSize(MAX_SIZE);
	}

	@Test
	void resolveWhenTokenIsOneByteOverTheMaximumSizeThenInvalidToken() {
		this.request.addHeader("Authorization", "Bearer " + "a".repeat(MAX_SIZE + 1));

		assertRefused(HttpStatus.UNAUTHORIZED, "invalid_token", "token is larger than 64 bytes");
	}

	@Test
	void resolveWhenTokenIsTheQueryStringsOnlyParameterThenInvalidRequest() {
		this.request.setQueryString("access_token=abc");
		this.request.addParameter("access_token", "abc");

		assertRefused(HttpStatus.BAD_REQUEST, "invalid_request",
				"access tokens are not accepted in the query string; use the Authorization header");
	}

	@Test
	void resolveWhenTokenIsALaterQueryParameterAlongsideTheHeaderThenInvalidRequest() {
		this.request.setQueryString("a=1&access_token=abc");
		this.request.addParameter("access_token", "abc");
		this.request.addHeader("Authorization", "Bearer abc");

		assertRefused(HttpStatus.BAD_REQUEST, "invalid_request",
				"access tokens are not accepted in the query string; use the Authorization header");
	}

	@Test
	void resolveWhenQueryParameterOnlyEndsInAccessTokenThenHeaderTokenUsed() {
		this.request.setQueryString("my_access_token=abc");
		this.request.addParameter("my_access_token", "abc");
		this.request.addHeader("Authorization", "Bearer def");

		assertThat(this.resolver.resolve(this.request)).isEqualTo("def");
	}

	/** Asking for a parameter would make the container read a form body before the token is checked. */
	@Test
	void resolveWhenTheBodyIsAFormWithATokenThenOnlyTheHeaderIsReadAndNoParameterAsked() {
		MockHttpServletRequest form = new MockHttpServletRequest("POST", "/transfer") {
			@Override
			public String getParameter(String name) {
				throw new AssertionError("a parameter was asked for: " + name);
			}

			@Override
			public java.util.Map<String, String[]> getParameterMap() {
				throw new AssertionError("the parameters were asked for");
			}
		};
		form.setContentType("application/x-www-form-urlencoded");
		form.setContent("access_token=abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		form.addHeader("Authorization", "Bearer def");

		assertThat(this.resolver.resolve(form)).isEqualTo("def");
	}

	@Test
	void resolveWhenTwoAuthorizationHeadersThenInvalidRequest() {
		this.request.addHeader("Authorization", "Bearer abc");
		this.request.addHeader("Authorization", "Bearer def");

		assertRefused(HttpStatus.BAD_REQUEST, "invalid_request", "found more than one access token in the request");
	}

	private void assertRefused(HttpStatus status, String errorCode, String description) {
		assertThatExceptionOfType(OAuth2AuthenticationException.class)
			.isThrownBy(() -> this.resolver.resolve(this.request))
			.satisfies((ex) -> {
				TokenError error = (TokenError) ex.getError();
				assertThat(error.status()).isEqualTo(status);
				assertThat(error.getErrorCode()).isEqualTo(errorCode);
				assertThat(error.getDescription()).isEqualTo(description);
			});
	}

}
