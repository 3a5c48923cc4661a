package dev.stepup.bank.support;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that a response is a complete RFC 9457 problem, read as strictly as the API reads its own input. */
public final class Problems {

	private static final JsonMapper STRICT = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private Problems() {
	}

	/** Asserts the problem's shape and status, and answers its body for further checks. */
	public static JsonNode assertProblem(Api.Response response, int status) {
		assertThat(response.status()).as("HTTP status of %s", response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = STRICT.readTree(response.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		for (String member : new String[] { "type", "title", "detail" }) {
			assertThat(problem.path(member).asString("")).as(member).isNotBlank();
		}
		assertThat(response.body()).doesNotContainIgnoringCase("exception").doesNotContain("\tat ");
		return problem;
	}

}
