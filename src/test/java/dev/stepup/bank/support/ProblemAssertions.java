package dev.stepup.bank.support;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape DESIGN.md promises for every refusal: the status, the exact
 * {@code WWW-Authenticate} challenge (or none), and a problem+json body whose
 * type, title, status and detail agree with it.
 */
public final class ProblemAssertions {

	public static final String INVALID_TOKEN_TYPE = "urn:stepup-bank:problem:invalid-token";

	public static final String INVALID_TOKEN_TITLE = "Invalid access token";

	public static final String MISSING_TOKEN_TYPE = "urn:stepup-bank:problem:unauthorized";

	public static final String MISSING_TOKEN_TITLE = "Authentication required";

	public static final String MISSING_TOKEN_DETAIL = "send an access token in the Authorization header";

	public static final String STEP_UP_TYPE = "urn:stepup-bank:problem:insufficient-user-authentication";

	public static final String STEP_UP_TITLE = "Step-up authentication required";

	public static final String MFA_TOO_OLD = "moving money needs an authentication no older than 300 seconds";

	private static final JsonMapper STRICT = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private ProblemAssertions() {
	}

	/**
	 * The one check of a problem's shape (RFC 9457), that every other assertion
	 * here builds on: the status, {@code application/problem+json}, a body read as
	 * strictly as the API reads its own input with {@code type}, {@code title},
	 * {@code detail} and the same {@code status}, no stack trace, and the
	 * {@code X-Request-Id} every response carries. Answers the body for further checks.
	 */
	public static JsonNode assertProblem(Api.Response response, int status) {
		assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
		assertThat(response.contentType()).as("content type").startsWith("application/problem+json");
		JsonNode problem = STRICT.readTree(response.body());
		assertThat(problem.path("status").asInt()).as("status in body").isEqualTo(status);
		for (String member : new String[] { "type", "title", "detail" }) {
			assertThat(problem.path(member).asString("")).as(member).isNotBlank();
		}
		assertThat(response.body()).doesNotContainIgnoringCase("exception").doesNotContain("\tat ", "<html");
		assertThat(response.header("X-Request-Id")).as("X-Request-Id").isNotBlank();
		return problem;
	}

	/**
	 * The exact {@code WWW-Authenticate} value for these parameters, each already
	 * written as {@code name="value"} or {@code name=value}, in order. Tests that
	 * need a challenge string build it here, so that a parameter every challenge
	 * gains is added in one place.
	 */
	public static String bearerChallenge(String... parameters) {
		return (parameters.length == 0) ? "Bearer" : "Bearer " + String.join(", ", parameters);
	}

	public static String invalidTokenChallenge(String description) {
		return bearerChallenge("error=\"invalid_token\"", "error_description=\"" + description + "\"");
	}

	public static String mfaTooOldChallenge() {
		return bearerChallenge("error=\"insufficient_user_authentication\"", "acr_values=\"" + TokenMint.MFA_ACR + "\"",
				"max_age=300", "error_description=\"" + MFA_TOO_OLD + "\"");
	}

	/** A 401 invalid_token whose description is {@code description}. */
	public static void assertInvalidToken(Api.Response response, String description) {
		assertChallenge(response, 401, invalidTokenChallenge(description), INVALID_TOKEN_TYPE, INVALID_TOKEN_TITLE,
				description);
	}

	/**
	 * The bare 401 of RFC 6750 section 3.1: no token was found where one is
	 * accepted; both schemes are named where both are (RFC 9449 section 7.1).
	 */
	public static void assertMissingToken(Api.Response response) {
		// both schemes are accepted by default: RFC 6750 section 3.1 and RFC 9449 section 7.1
		assertChallenge(response, 401, Challenges.BEARER_OR_DPOP, MISSING_TOKEN_TYPE, MISSING_TOKEN_TITLE,
				MISSING_TOKEN_DETAIL);
	}

	/** 401 insufficient_user_authentication with max_age: the MFA evidence is missing, malformed or too old. */
	public static void assertMfaTooOld(Api.Response response) {
		assertChallenge(response, 401, mfaTooOldChallenge(), STEP_UP_TYPE, STEP_UP_TITLE, MFA_TOO_OLD);
	}

	/** A refusal that is no bearer challenge: the problem has a type, and no WWW-Authenticate is sent. */
	public static JsonNode assertPlainProblem(Api.Response response, int status, String type) {
		assertThat(response.header("WWW-Authenticate")).as("WWW-Authenticate").isNull();
		JsonNode problem = assertProblem(response, status);
		assertThat(problem.get("type").asString()).as("type").isEqualTo(type);
		return problem;
	}

	public static void assertChallenge(Api.Response response, int status, String wwwAuthenticate, String type,
			String title, String detail) {
		assertThat(Challenges.of(response)).as("WWW-Authenticate").isEqualTo(wwwAuthenticate);
		assertProblem(response, status, type, title, detail);
	}

	public static void assertProblem(Api.Response response, int status, String type, String title, String detail) {
		JsonNode problem = assertProblem(response, status);
		assertThat(problem.get("type").asString()).as("type").isEqualTo(type);
		assertThat(problem.get("title").asString()).as("title").isEqualTo(title);
		assertThat(problem.get("detail").asString()).as("detail").isEqualTo(detail);
	}

}
