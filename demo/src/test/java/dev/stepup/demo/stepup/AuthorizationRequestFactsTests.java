package dev.stepup.demo.stepup;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationRequestFactsTests {

	@Test
	void parametersWhenSpaceSeparatedThenSplit() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorize");
		request.addParameter("scope", "openid  transfer:funds");
		request.addParameter("acr_values", "urn:a urn:b");
		request.addParameter("max_age", "300");

		AuthorizationRequestFacts facts = AuthorizationRequestFacts.ofParameters(request);

		assertThat(facts.scopes()).containsExactlyInAnyOrder("openid", "transfer:funds");
		assertThat(facts.acrValues()).containsExactlyInAnyOrder("urn:a", "urn:b");
		assertThat(facts.maxAgeRequested()).isTrue();
		assertThat(facts.contentHidden()).isFalse();
	}

	@Test
	void parametersWhenRequestUriThenContentHidden() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/oauth2/authorize");
		request.addParameter("request_uri", "urn:ietf:params:oauth:request_uri:abc");

		AuthorizationRequestFacts facts = AuthorizationRequestFacts.ofParameters(request);

		assertThat(facts.contentHidden()).isTrue();
		assertThat(facts.scopes()).isEmpty();
		assertThat(facts.maxAgeRequested()).isFalse();
	}

}
