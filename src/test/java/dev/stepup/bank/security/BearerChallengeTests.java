package dev.stepup.bank.security;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The WWW-Authenticate value and the problem body of each kind of refusal. */
class BearerChallengeTests {

	@Test
	void missingTokenThenBareBearerAndNoErrorCode() {
		BearerChallenge challenge = BearerChallenge.missingToken();

		assertThat(challenge.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(challenge.headerValue()).isEqualTo("Bearer");
		ProblemDetail problem = challenge.problem();
		assertThat(problem.getType()).hasToString("urn:stepup-bank:problem:unauthorized");
		assertThat(problem.getTitle()).isEqualTo("Authentication required");
		assertThat(problem.getStatus()).isEqualTo(401);
		assertThat(problem.getDetail()).isEqualTo("send an access token in the Authorization header");
		assertThat(problem.getProperties()).isNull();
	}

	@Test
	void invalidTokenThenErrorThenDescription() {
		BearerChallenge challenge = BearerChallenge.invalidToken("token has already been used");

		assertThat(challenge.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(challenge.headerValue())
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"token has already been used\"");
		ProblemDetail problem = challenge.problem();
		assertThat(problem.getType()).hasToString("urn:stepup-bank:problem:invalid-token");
		assertThat(problem.getTitle()).isEqualTo("Invalid access token");
		assertThat(problem.getDetail()).isEqualTo("token has already been used");
		assertThat(problem.getProperties()).containsExactly(Map.entry("error", "invalid_token"));
	}

	@Test
	void invalidRequestThenBadRequest() {
		BearerChallenge challenge = BearerChallenge.invalidRequest("found more than one access token in the request");

		assertThat(challenge.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(challenge.headerValue()).isEqualTo(
				"Bearer error=\"invalid_request\", error_description=\"found more than one access token in the request\"");
		assertThat(challenge.problem().getStatus()).isEqualTo(400);
		assertThat(challenge.problem().getType()).hasToString("urn:stepup-bank:problem:invalid-request");
	}

	@Test
	void insufficientScopeThenScopeBeforeDescription() {
		BearerChallenge challenge = BearerChallenge.insufficientScope("transfer:funds", "needs transfer:funds");

		assertThat(challenge.status()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(challenge.headerValue()).isEqualTo(
				"Bearer error=\"insufficient_scope\", scope=\"transfer:funds\", error_description=\"needs transfer:funds\"");
		assertThat(challenge.problem().getProperties()).containsEntry("scope", "transfer:funds")
			.containsEntry("error", "insufficient_scope");
	}

	@Test
	void insufficientUserAuthenticationWithMaxAgeThenAcrValuesQuotedAndMaxAgeBare() {
		BearerChallenge challenge = BearerChallenge.insufficientUserAuthentication("urn:mfa urn:hwk", 300L, "too old");

		assertThat(challenge.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(challenge.headerValue()).isEqualTo("Bearer error=\"insufficient_user_authentication\", "
				+ "acr_values=\"urn:mfa urn:hwk\", max_age=300, error_description=\"too old\"");
		assertThat(challenge.problem().getProperties()).containsEntry("acr_values", "urn:mfa urn:hwk")
			.containsEntry("max_age", "300");
		assertThat(challenge.problem().getType())
			.hasToString("urn:stepup-bank:problem:insufficient-user-authentication");
	}

	@Test
	void insufficientUserAuthenticationWithoutMaxAgeThenNoMaxAge() {
		assertThat(BearerChallenge.insufficientUserAuthentication("urn:mfa", null, "needs mfa").headerValue())
			.isEqualTo("Bearer error=\"insufficient_user_authentication\", acr_values=\"urn:mfa\", "
					+ "error_description=\"needs mfa\"");
	}

	@Test
	void headerValueWhenDescriptionHasQuotesBackslashesOrNonAsciiThenReplacedToStayAQuotedString() {
		assertThat(BearerChallenge.invalidToken("bad \"kid\" \\ café").headerValue())
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"bad 'kid' ' caf'\"");
	}

	@Test
	void headerValueWhenDescriptionHasLineBreaksThenNoHeaderCanBeInjected() {
		String header = BearerChallenge.invalidToken("x\r\nSet-Cookie: session=stolen").headerValue();

		assertThat(header).doesNotContain("\r", "\n")
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"x''Set-Cookie: session=stolen\"");
	}

	@Test
	void headerValueWhenScopeHasAQuoteThenReplaced() {
		assertThat(BearerChallenge.insufficientScope("a\"b", "d").headerValue())
			.isEqualTo("Bearer error=\"insufficient_scope\", scope=\"a'b\", error_description=\"d\"");
	}

	@Test
	void parametersWhenCallerChangesItsMapThenChallengeUnchanged() {
		Map<String, String> parameters = new HashMap<>(Map.of("scope", "view:balance"));
		BearerChallenge challenge = new BearerChallenge(HttpStatus.FORBIDDEN, "insufficient_scope", "t", "d",
				parameters);

		parameters.put("scope", "transfer:funds");

		assertThat(challenge.parameters()).containsExactly(Map.entry("scope", "view:balance"));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> challenge.parameters().put("scope", "x"));
	}

	@Test
	void headerValueWhenResourceMetadataGivenThenItIsTheLastParameter() {
		String metadata = "https://api.example/.well-known/oauth-protected-resource";

		assertThat(BearerChallenge.missingToken().headerValue(metadata))
			.isEqualTo("Bearer resource_metadata=\"" + metadata + "\"");
		assertThat(BearerChallenge.insufficientScope("transfer:funds", "d").headerValue(metadata))
			.isEqualTo("Bearer error=\"insufficient_scope\", scope=\"transfer:funds\", error_description=\"d\", "
					+ "resource_metadata=\"" + metadata + "\"");
		assertThat(BearerChallenge.invalidToken("d").headerValue("https://x/\"\r\n"))
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"d\", resource_metadata=\"https://x/'''\"");
	}

}
