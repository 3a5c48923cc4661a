package dev.stepup.bank.support;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape DESIGN.md promises for every refusal: the status, the exact
 * {@code WWW-Authenticate} challenge (or none), and a problem+json body whose
 * type, title, status and detail agree with it.
 */
public final class ProblemAssertions {

	public static final String INVALID_TOKEN_TYPE = "urn:stepup-bank:problem:invalid-token";

	public static final String INVALID_TOKEN_TITLE = "Invalid access token";

	private ProblemAssertions() {
	}

	/** A 401 invalid_token whose description is {@code description}. */
	public static void assertInvalidToken(Api.Response response, String description) {
		assertChallenge(response, 401, "Bearer error=\"invalid_token\", error_description=\"" + description + "\"",
				INVALID_TOKEN_TYPE, INVALID_TOKEN_TITLE, description);
	}

	public static void assertChallenge(Api.Response response, int status, String wwwAuthenticate, String type,
			String title, String detail) {
		assertThat(Challenges.of(response)).as("WWW-Authenticate").isEqualTo(wwwAuthenticate);
		assertProblem(response, status, type, title, detail);
	}

	public static void assertProblem(Api.Response response, int status, String type, String title, String detail) {
		assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
		assertThat(response.contentType()).as("content type").startsWith("application/problem+json");
		assertThat(response.json().get("type").asString()).as("type").isEqualTo(type);
		assertThat(response.json().get("title").asString()).as("title").isEqualTo(title);
		assertThat(response.json().get("status").asInt()).as("status in body").isEqualTo(status);
		assertThat(response.json().get("detail").asString()).as("detail").isEqualTo(detail);
	}

}
