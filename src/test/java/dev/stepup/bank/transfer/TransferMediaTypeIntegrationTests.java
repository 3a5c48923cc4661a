package dev.stepup.bank.transfer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.TokenMint;
import dev.stepup.bank.support.TransferAttempt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.stepup.bank.support.ProblemAssertions.assertMissingToken;
import static dev.stepup.bank.support.ProblemAssertions.assertPlainProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a transfer may be sent as, and answered in: a JSON body
 * ({@code application/json} or {@code application/*+json}) and a JSON answer.
 * Every other body type is 415 and every Accept the answer cannot meet is 406,
 * both before anything is decided: no money moves and the same token then
 * makes the transfer.
 */
@ApiIntegrationTest
class TransferMediaTypeIntegrationTests extends ApiTestSupport {

	static final String UNSUPPORTED_MEDIA_TYPE = "urn:stepup-bank:problem:unsupported-media-type";

	static final String NOT_ACCEPTABLE = "urn:stepup-bank:problem:not-acceptable";

	TransferAttempt attempt;

	String token;

	@BeforeEach
	void setUp() {
		this.attempt = TransferAttempt.between(this.bank);
		this.token = TokenMint.transfer(this.attempt.payer().subject()).sign();
	}

	/**
	 * Each body says something a strict JSON reader refuses (a duplicated amount,
	 * an unknown field, a second document); none of it may be read at all.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/yaml", "application/x-yaml", "text/yaml", "application/yml",
			"application/xml", "text/xml", "application/atom+xml", "application/cbor", "application/x-jackson-smile",
			"application/x-www-form-urlencoded", "multipart/form-data; boundary=b", "multipart/mixed; boundary=b",
			"text/plain", "text/plain; charset=UTF-8", "application/octet-stream", "text/html", "text/json",
			"application/x-ndjson", "application/jsonl", "application/json5", "application/javascript",
			"application/x-protobuf", "application/*", "*/*", "json", "application/json;charset=no-such-charset",
			"application/json; charset=\"", "" })
	void transferWhenBodyIsNotJsonThenUnsupportedMediaTypeBeforeAnyDecision(String contentType) {
		Api.Response refused = this.api.send(transfer(contentType, yamlLookingBody()).header("Accept", "*/*"));

		assertPlainProblem(refused, 415, UNSUPPORTED_MEDIA_TYPE);
		this.attempt.assertNothingMoved();
		assertTokenStillMovesMoney();
	}

	@Test
	void transferWhenNoContentTypeThenUnsupportedMediaTypeBeforeAnyDecision() {
		Api.Response refused = this.api.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/transfer"))
			.POST(HttpRequest.BodyPublishers.ofString(this.attempt.body()))
			.header("Authorization", "Bearer " + this.token));

		assertPlainProblem(refused, 415, UNSUPPORTED_MEDIA_TYPE);
		assertThat(refused.header("Accept")).as("what would have been accepted").contains("application/json");
		this.attempt.assertNothingMoved();
		assertTokenStillMovesMoney();
	}

	/** The token is judged before the body's type: no token, no hint about what the body should be. */
	@Test
	void transferWhenBodyIsYamlAndNoTokenThenBareChallenge() {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/transfer"))
			.POST(HttpRequest.BodyPublishers.ofString(yamlLookingBody()))
			.header("Content-Type", "application/yaml");

		assertMissingToken(this.api.send(request));
		this.attempt.assertNothingMoved();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/json", "application/json; charset=UTF-8", "APPLICATION/JSON",
			"application/vnd.stepup.transfer+json", "application/merge-patch+json" })
	void transferWhenBodyIsJsonThenCreated(String contentType) {
		Api.Response created = this.api.send(transfer(contentType, this.attempt.body()));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.contentType()).startsWith("application/json");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/xml", "text/html", "image/png", "application/yaml", "text/plain",
			"application/problem+json", "application/vnd.other+json", "text/*", "image/*",
			// a weight of 0 is "not acceptable" (RFC 9110 12.4.2), and the most specific range decides (12.5.1)
			"application/json;q=0", "application/json; q=0.000", "*/*;q=0", "application/*;q=0",
			"application/json;q=0, */*", "application/json;q=0, application/*;q=1", "text/html, application/json;q=0",
			"application/*;q=0, */*;q=0.5" })
	void transferWhenAcceptCannotBeMetThenNotAcceptableBeforeAnyDecision(String accept) {
		Api.Response refused = this.api.send(transfer("application/json", this.attempt.body()).header("Accept", accept));

		assertPlainProblem(refused, 406, NOT_ACCEPTABLE);
		assertThat(refused.header("Location")).as("Location of a transfer that was not made").isNull();
		this.attempt.assertNothingMoved();
		assertTokenStillMovesMoney();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "*/*", "application/json", "application/*", "application/json;q=0.1, text/html",
			"text/html, application/json;q=0.9, */*;q=0.1", "application/json; charset=UTF-8", "text/html;q=0, */*",
			"application/json;q=0.001", "*/*;q=0, application/json", "application/*;q=0, application/json;q=0.5" })
	void transferWhenAcceptAllowsJsonThenCreatedAsJson(String accept) {
		Api.Response created = this.api.send(transfer("application/json", this.attempt.body()).header("Accept", accept));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.contentType()).startsWith("application/json");
		assertThat(created.header("Location")).startsWith("/transfers/");
	}

	/** A declined transfer is decided too: its 422 is a problem in its own type, whatever JSON Accept said. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/json", "*/*", "application/json, application/problem+json" })
	void transferWhenDeclinedAndAcceptIsJsonThenInsufficientFundsProblem(String accept) {
		String body = Api.transferBody(this.attempt.payer().account(), this.attempt.payee().account(), "5000.00");

		Api.Response declined = this.api.send(transfer("application/json", body).header("Accept", accept));

		assertPlainProblem(declined, 422, "urn:stepup-bank:problem:insufficient-funds");
		assertThat(declined.json().get("transferId").asString()).isNotBlank();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/xml", "text/html", "application/yaml", "application/json;q=0", "*/*;q=0",
			"application/json;q=0, */*" })
	void balanceWhenAcceptCannotBeMetThenNotAcceptable(String accept) {
		String balanceToken = TokenMint.balance(this.attempt.payer().subject()).sign();
		Api.Response refused = this.api.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/balance"))
			.header("Authorization", "Bearer " + balanceToken)
			.header("Accept", accept));

		assertPlainProblem(refused, 406, NOT_ACCEPTABLE);
	}

	/**
	 * JSON is UTF-8 whatever charset the Accept names: the answer is the JSON,
	 * never a 500 from a converter that cannot write that charset after the
	 * handler ran, for a transfer, its read-back and the balance alike.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/json; charset=ISO-8859-1", "application/json;charset=latin1",
			"application/json; charset=UTF-16", "application/*; charset=windows-1252",
			"text/html, application/json; charset=US-ASCII; q=0.5" })
	void transferBalanceAndReadBackWhenAcceptNamesACharsetThenJson(String accept) {
		Api.Response created = this.api.send(transfer("application/json", this.attempt.body()).header("Accept", accept));
		assertThat(created.status()).as(created.body()).isEqualTo(201);

		String balanceToken = TokenMint.balance(this.attempt.payer().subject()).sign();
		for (String path : List.of("/balance", created.header("Location"))) {
			Api.Response read = this.api.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + path))
				.header("Authorization", "Bearer " + balanceToken)
				.header("Accept", accept));

			assertThat(read.status()).as("%s: %s", path, read.body()).isEqualTo(200);
			assertThat(read.contentType()).startsWith("application/json");
			assertThat(read.json().isObject()).isTrue();
		}
	}

	/**
	 * An Accept that is not a list of media types at all is 406 before
	 * anything is decided, and the 406 is a problem like every other refusal,
	 * not an empty body.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { ";;;", "a/b/c", "application/json; charset=no-such-charset", "application/json; q=\"" })
	void transferAndBalanceWhenAcceptIsMalformedThenNotAcceptableProblem(String accept) {
		Api.Response refused = this.api.send(transfer("application/json", this.attempt.body()).header("Accept", accept));

		assertPlainProblem(refused, 406, NOT_ACCEPTABLE);
		this.attempt.assertNothingMoved();

		String balanceToken = TokenMint.balance(this.attempt.payer().subject()).sign();
		assertPlainProblem(this.api.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/balance"))
			.header("Authorization", "Bearer " + balanceToken)
			.header("Accept", accept)), 406, NOT_ACCEPTABLE);
		assertTokenStillMovesMoney();
	}

	/** YAML that, read leniently, would move 9000.00 instead of 1.00 and carry a second document. */
	private String yamlLookingBody() {
		return "from: " + this.attempt.payer().account() + "\nto: " + this.attempt.payee().account()
				+ "\namount: \"1.00\"\namount: \"9000.00\"\ncurrency: EUR\nmemo: x\n---\nfrom: other\n";
	}

	private HttpRequest.Builder transfer(String contentType, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/transfer"))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Authorization", "Bearer " + this.token);
		return contentType.isEmpty() ? request.header("Content-Type", "") : request.header("Content-Type", contentType);
	}

	private void assertTokenStillMovesMoney() {
		Api.Response created = this.api.transfer(this.token, this.attempt.body());
		assertThat(created.status()).as("the same token after the refusal: %s", created.body()).isEqualTo(201);
		assertThat(this.bank.balance(this.attempt.payee().account()))
			.isEqualByComparingTo(new java.math.BigDecimal(TransferAttempt.PAYEE_OPENING).add(new java.math.BigDecimal("25.00")));
	}

}
