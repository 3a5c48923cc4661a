package dev.stepup.bank.security;

import java.net.URI;
import java.net.http.HttpRequest;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.stepup.bank.support.ProblemAssertions.assertChallenge;
import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static dev.stepup.bank.support.ProblemAssertions.assertMissingToken;
import static dev.stepup.bank.support.ProblemAssertions.assertPlainProblem;
import static dev.stepup.bank.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the token travels: only in one Authorization header, within the size
 * limits. A token anywhere else, or twice, is 400 invalid_request even when
 * it is valid; a missing one is the bare challenge of RFC 6750 section 3.1.
 */
class TokenTransportIntegrationTests extends AbstractTransferAttackTests {

	static final String INVALID_REQUEST_TYPE = "urn:stepup-bank:problem:invalid-request";

	static final String INVALID_REQUEST_TITLE = "Invalid token request";

	static final String SENT_TWICE = "found more than one access token in the request";


	String token;

	@BeforeEach
	void setUp() {
		this.token = TokenMint.transfer(this.attempt.payer().subject()).sign();
	}

	@Test
	void transferWhenNoTokenThenBareBearerChallengeAndDpopOffered() {
		assertChallenge(this.api.transfer(null, this.attempt.body()), 401, Challenges.BEARER_OR_DPOP,
				"urn:stepup-bank:problem:unauthorized", "Authentication required",
				"send an access token in the Authorization header");
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenTokenIsInTheQueryStringThenInvalidRequest() {
		Api.Response response = this.api.send(transfer("/transfer?access_token=" + this.token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.attempt.body())));

		assertInvalidRequest(response,
				"access tokens are not accepted in the query string; use the Authorization header");
	}

	/** A form body is never read, so a token in it is not found: without a header there is no token. */
	@Test
	void transferWhenTokenIsOnlyInTheFormBodyThenBareChallenge() {
		Api.Response response = this.api.send(transfer("/transfer")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("access_token=" + this.token)));

		assertMissingToken(response);
		this.attempt.assertNothingMoved();
	}

	/** With the token in its header, the form body is refused for its type, unread, and the token is not spent. */
	@Test
	void transferWhenTokenIsInTheHeaderAndTheFormBodyThenUnsupportedMediaTypeAndTokenUnspent() {
		Api.Response response = this.api.send(transfer("/transfer").header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("access_token=" + this.token)));

		assertPlainProblem(response, 415, "urn:stepup-bank:problem:unsupported-media-type");
		this.attempt.assertRefusedWithoutEffect(this.api, this.token);
	}

	@Test
	void transferWhenTwoAuthorizationHeadersThenInvalidRequest() {
		Api.Response response = this.api.send(transfer("/transfer").header("Authorization", "Bearer " + this.token)
			.header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.attempt.body())));

		assertInvalidRequest(response, SENT_TWICE);
	}

	@Test
	void transferWhenSignedTokenIsOverTheTokenSizeLimitThenInvalidToken() {
		String large = TokenMint.transfer(this.attempt.payer().subject()).claim("padding", "x".repeat(7_500)).sign();
		assertThat(large.length()).isBetween(10_000, 11_000);

		assertInvalidToken(this.api.transfer(large, this.attempt.body()), "token is larger than 8192 bytes");
		this.attempt.assertNothingMoved();
	}

	/**
	 * Tomcat refuses a header block over server.max-http-request-header-size
	 * before Spring sees the request; its error report is still a problem
	 * document (ProblemErrorReportValve), never Tomcat's HTML page.
	 */
	@Test
	void transferWhenTokenIsFarOverTheHeaderSizeLimitThenCleanClientError() {
		String huge = TokenMint.transfer(this.attempt.payer().subject()).claim("padding", "x".repeat(48_000)).sign();
		assertThat(huge.length()).isBetween(64_000, 66_000);

		Api.Response response = this.api.transfer(huge, this.attempt.body());

		assertThat(assertProblem(response, 400).get("title").asString()).isEqualTo("Bad Request");
		assertThat(response.body()).doesNotContain("Tomcat", "at org.");
		this.attempt.assertNothingMoved();
	}

	private HttpRequest.Builder transfer(String pathAndQuery) {
		return HttpRequest.newBuilder(URI.create(this.api.baseUrl() + pathAndQuery));
	}

	private void assertInvalidRequest(Api.Response response, String description) {
		assertChallenge(response, 400,
				"Bearer error=\"invalid_request\", error_description=\"" + description + "\"", INVALID_REQUEST_TYPE,
				INVALID_REQUEST_TITLE, description);
		this.attempt.assertNothingMoved();
	}

}
