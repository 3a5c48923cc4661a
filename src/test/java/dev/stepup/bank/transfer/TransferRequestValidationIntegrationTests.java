package dev.stepup.bank.transfer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies of POST /transfer that must be refused before any decision (400, 413),
 * each followed by the same token moving money, which proves the refusal spent
 * nothing; and amounts that must be read exactly.
 */
@ApiIntegrationTest
class TransferRequestValidationIntegrationTests extends ApiTestSupport {

	/** bank.web.max-body-size in application.yml. */
	private static final int MAX_BODY_BYTES = 16 * 1024;

	Customer alice;

	Customer bob;

	@BeforeEach
	void setUp() {
		this.alice = this.bank.newCustomer("20000.00");
		this.bob = this.bank.newCustomer("0.00");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
			same account          | {"from":"FROM","to":"FROM","amount":"1.00","currency":"EUR"}             | from and to must be different accounts
			too many digits       | {"from":"FROM","to":"TO","amount":"25.001","currency":"EUR"}             | more than 2 fraction digits
			float noise           | {"from":"FROM","to":"TO","amount":0.30000000000000004,"currency":"EUR"}  | more than 2 fraction digits
			zero string           | {"from":"FROM","to":"TO","amount":"0.00","currency":"EUR"}               | greater than zero
			zero number           | {"from":"FROM","to":"TO","amount":0,"currency":"EUR"}                    | greater than zero
			negative string       | {"from":"FROM","to":"TO","amount":"-5.00","currency":"EUR"}              | must not be negative
			negative number       | {"from":"FROM","to":"TO","amount":-0.01,"currency":"EUR"}                | must not be negative
			over the limit        | {"from":"FROM","to":"TO","amount":"10000.01","currency":"EUR"}           | per-transfer limit of 10000.00
			over the limit by 1e5 | {"from":"FROM","to":"TO","amount":1E+5,"currency":"EUR"}                 | per-transfer limit of 10000.00
			beyond a double       | {"from":"FROM","to":"TO","amount":1e400,"currency":"EUR"}                | too large
			huge exponent         | {"from":"FROM","to":"TO","amount":1E+100000000,"currency":"EUR"}         | too large
			exponent at int max   | {"from":"FROM","to":"TO","amount":1E+2147483647,"currency":"EUR"}        | too large
			digits and int max    | {"from":"FROM","to":"TO","amount":12E+2147483646,"currency":"EUR"}       | too large
			fraction and int max  | {"from":"FROM","to":"TO","amount":1.5E+2147483647,"currency":"EUR"}      | too large
			exponent at int min   | {"from":"FROM","to":"TO","amount":1E-2147483647,"currency":"EUR"}        | more than 2 fraction digits
			exponent in a string  | {"from":"FROM","to":"TO","amount":"1E+100000000","currency":"EUR"}       | field 'amount' has a value of the wrong type or format
			string with exponent  | {"from":"FROM","to":"TO","amount":"1e2","currency":"EUR"}                | field 'amount' has a value of the wrong type or format
			leading space         | {"from":"FROM","to":"TO","amount":" 1.00","currency":"EUR"}              | field 'amount' has a value of the wrong type or format
			trailing tab          | {"from":"FROM","to":"TO","amount":"1.00\\t","currency":"EUR"}            | field 'amount' has a value of the wrong type or format
			trailing NUL          | {"from":"FROM","to":"TO","amount":"1.00\\u0000","currency":"EUR"}        | field 'amount' has a value of the wrong type or format
			plus sign             | {"from":"FROM","to":"TO","amount":"+1.00","currency":"EUR"}              | field 'amount' has a value of the wrong type or format
			no integer part       | {"from":"FROM","to":"TO","amount":".50","currency":"EUR"}                | field 'amount' has a value of the wrong type or format
			no fraction digits    | {"from":"FROM","to":"TO","amount":"1.","currency":"EUR"}                 | field 'amount' has a value of the wrong type or format
			leading zero          | {"from":"FROM","to":"TO","amount":"01.00","currency":"EUR"}              | field 'amount' has a value of the wrong type or format
			grouping              | {"from":"FROM","to":"TO","amount":"1,000.00","currency":"EUR"}           | field 'amount' has a value of the wrong type or format
			decimal comma         | {"from":"FROM","to":"TO","amount":"1,50","currency":"EUR"}               | field 'amount' has a value of the wrong type or format
			non-ASCII digits      | {"from":"FROM","to":"TO","amount":"\u0661.00","currency":"EUR"}         | field 'amount' has a value of the wrong type or format
			empty string          | {"from":"FROM","to":"TO","amount":"","currency":"EUR"}                   | field 'amount' has a value of the wrong type or format
			currency in it        | {"from":"FROM","to":"TO","amount":"1.00 EUR","currency":"EUR"}           | field 'amount' has a value of the wrong type or format
			unknown currency      | {"from":"FROM","to":"TO","amount":"1.00","currency":"XYZ"}               | not an ISO 4217 currency
			lower-case currency   | {"from":"FROM","to":"TO","amount":"1.00","currency":"eur"}               | currency must be an ISO 4217 currency code
			other currency        | {"from":"FROM","to":"TO","amount":"1.00","currency":"USD"}               | holds EUR, not USD
			bad account id        | {"from":"FROM","to":"a b","amount":"1.00","currency":"EUR"}              | to must be an account id
			unknown field         | {"from":"FROM","to":"TO","amount":"1.00","currency":"EUR","memo":"x"}    | unknown field 'memo'
			unknown field markup  | {"from":"FROM","to":"TO","amount":"1.00","currency":"EUR","<b>x</b>":1}  | an unknown field, whose name is not repeated
			unknown field control | {"from":"FROM","to":"TO","amount":"1.00","currency":"EUR","a\u2028b":1}  | an unknown field, whose name is not repeated
			duplicate key         | {"from":"FROM","to":"TO","amount":"1.00","amount":"9000.00","currency":"EUR"} | not valid JSON at field 'amount'
			malformed JSON        | {"from":"FROM","to":"TO","amount":"1.00",                                | not valid JSON
			trailing content      | {"from":"FROM","to":"TO","amount":"1.00","currency":"EUR"} {}            | not valid JSON
			not an object         | ["FROM","TO","1.00","EUR"]                                               | not valid JSON
			NaN amount            | {"from":"FROM","to":"TO","amount":NaN,"currency":"EUR"}                  | not valid JSON
			amount not a number   | {"from":"FROM","to":"TO","amount":"ten","currency":"EUR"}                | field 'amount' has a value of the wrong type
			amount a boolean      | {"from":"FROM","to":"TO","amount":true,"currency":"EUR"}                 | field 'amount' has a value of the wrong type
			amount an object      | {"from":"FROM","to":"TO","amount":{"value":"1.00"},"currency":"EUR"}     | field 'amount' has a value of the wrong type
			from a number         | {"from":123,"to":"TO","amount":"1.00","currency":"EUR"}                  | field 'from' has a value of the wrong type
			to a boolean          | {"from":"FROM","to":true,"amount":"1.00","currency":"EUR"}               | field 'to' has a value of the wrong type
			currency an array     | {"from":"FROM","to":"TO","amount":"1.00","currency":["EUR"]}             | field 'currency' has a value of the wrong type
			amount missing        | {"from":"FROM","to":"TO","currency":"EUR"}                               | amount must not be null
			amount null           | {"from":"FROM","to":"TO","amount":null,"currency":"EUR"}                 | amount must not be null
			everything missing    | {}                                                                       | amount must not be null; currency must not be null; from must not be null; to must not be null
			empty body            | ``                                                                       | missing
			""")
	void transferWhenBodyIsInvalidThenBadRequestWithDetailAndTokenUnspent(String name, String template, String detail) {
		String token = TokenMint.transfer(this.alice.subject()).sign();

		Api.Response refused = this.api.transfer(token, fill(template));

		JsonNode problem = ProblemAssertions.assertProblem(refused, 400);
		assertThat(problem.get("detail").asString()).contains(detail);
		assertThat(this.bank.transfersFrom(this.alice.account())).isZero();
		assertTokenStillMovesMoney(token);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			0.1          | 0.10
			25.10        | 25.10
			1e2          | 100.00
			1E-2         | 0.01
			2.5E+1       | 25.00
			10000.00     | 10000.00
			"25"         | 25.00
			"25.0000"    | 25.00
			"0.07"       | 0.07
			""")
	void transferWhenAmountIsAnExactDecimalThenMovesExactlyThatAmount(String json, String expected) {
		String body = fill("{\"from\":\"FROM\",\"to\":\"TO\",\"amount\":" + json + ",\"currency\":\"EUR\"}");

		Api.Response created = this.api.transfer(TokenMint.transfer(this.alice.subject()).sign(), body);

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.json().get("amount").asString()).isEqualTo(expected);
		assertThat(this.bank.balance(this.bob.account())).isEqualByComparingTo(expected);
		assertThat(this.bank.balance(this.alice.account()).add(this.bank.balance(this.bob.account())))
			.isEqualByComparingTo("20000.00");
	}

	/** Your own account in another currency is a plain mistake (400); a target in another currency is unknown (404). */
	@Test
	void transferWhenCurrenciesOfTheAccountsDifferThenRefusedAndNothingRecorded() {
		String usd = "usd-" + UUID.randomUUID().toString().substring(0, 18);
		this.bank.openAccount(usd, this.bob.subject(), "USD", "0.00");
		String token = TokenMint.transfer(this.alice.subject()).sign();

		Api.Response inEuro = this.api.transfer(token, Api.transferBody(this.alice.account(), usd, "1.00"));
		Api.Response inDollar = this.api.transfer(token, fill("{\"from\":\"FROM\",\"to\":\"" + usd
				+ "\",\"amount\":\"1.00\",\"currency\":\"USD\"}"));

		assertThat(ProblemAssertions.assertProblem(inEuro, 404).get("detail").asString())
			.isEqualTo("no account " + usd + " found for this customer");
		assertThat(ProblemAssertions.assertProblem(inDollar, 400).get("detail").asString())
			.isEqualTo("account " + this.alice.account() + " holds EUR, not USD");
		assertThat(this.bank.balance(usd)).isEqualByComparingTo("0.00");
		assertTokenStillMovesMoney(token);
	}

	@Test
	void transferWhenContentLengthIsOverTheLimitThenContentTooLargeAndTokenUnspent() {
		String token = TokenMint.transfer(this.alice.subject()).sign();

		Api.Response refused = this.api.transfer(token, padded(MAX_BODY_BYTES + 1));

		assertThat(ProblemAssertions.assertProblem(refused, 413).get("detail").asString()).contains(String.valueOf(MAX_BODY_BYTES));
		assertTokenStillMovesMoney(token);
	}

	@Test
	void transferWhenChunkedBodyGrowsOverTheLimitThenContentTooLargeAndTokenUnspent() {
		String token = TokenMint.transfer(this.alice.subject()).sign();
		byte[] body = padded(MAX_BODY_BYTES + 1).getBytes(StandardCharsets.UTF_8);

		Api.Response refused = this.api.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/transfer"))
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token));

		assertThat(ProblemAssertions.assertProblem(refused, 413).get("detail").asString()).contains(String.valueOf(MAX_BODY_BYTES));
		assertTokenStillMovesMoney(token);
	}

	/**
	 * Nothing decodes a content coding, so a body in one is refused before it is
	 * read (415, naming identity as what is accepted): read as JSON, a gzipped
	 * body was a 400, and plain JSON labelled gzip moved money.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "gzip", "GZIP", "x-gzip", "deflate", "br", "zstd", "x-nonsense", "gzip, identity",
			"identity, gzip", "identity,,deflate" })
	void transferWhenBodyHasAContentCodingThenUnsupportedAndTokenUnspent(String coding) throws IOException {
		String token = TokenMint.transfer(this.alice.subject()).sign();
		byte[] json = Api.transferBody(this.alice.account(), this.bob.account(), "1.00").getBytes(StandardCharsets.UTF_8);
		byte[] body = coding.toLowerCase(Locale.ROOT).startsWith("gzip") ? gzip(json) : json;

		Api.Response refused = this.api.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/transfer"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", coding)
			.header("Authorization", "Bearer " + token));

		JsonNode problem = ProblemAssertions.assertProblem(refused, 415);
		assertThat(problem.get("type").asString()).isEqualTo("urn:stepup-bank:problem:unsupported-content-coding");
		assertThat(refused.header("Accept-Encoding")).isEqualTo("identity");
		assertThat(this.bank.transfersFrom(this.alice.account())).isZero();
		assertTokenStillMovesMoney(token);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "identity", "IDENTITY", "identity, identity" })
	void transferWhenContentEncodingIsIdentityThenCreated(String coding) {
		Api.Response created = this.api.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/transfer"))
			.POST(HttpRequest.BodyPublishers.ofString(Api.transferBody(this.alice.account(), this.bob.account(), "1.00")))
			.header("Content-Type", "application/json")
			.header("Content-Encoding", coding)
			.header("Authorization", "Bearer " + TokenMint.transfer(this.alice.subject()).sign()));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
	}

	@Test
	void transferWhenBodyIsJustUnderTheLimitThenAccepted() {
		Api.Response created = this.api.transfer(TokenMint.transfer(this.alice.subject()).sign(),
				padded(MAX_BODY_BYTES));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
	}

	/** A valid 1.00 transfer body, padded with white space to exactly {@code bytes} bytes. */
	private String padded(int bytes) {
		String body = Api.transferBody(this.alice.account(), this.bob.account(), "1.00");
		return body.substring(0, body.length() - 1) + " ".repeat(bytes - body.length()) + "}";
	}

	private static byte[] gzip(byte[] bytes) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (GZIPOutputStream zipped = new GZIPOutputStream(out)) {
			zipped.write(bytes);
		}
		return out.toByteArray();
	}

	private String fill(String template) {
		return template.replace("FROM", this.alice.account()).replace("TO", this.bob.account());
	}

	private void assertTokenStillMovesMoney(String token) {
		Api.Response created = this.api.transfer(token, Api.transferBody(this.alice.account(), this.bob.account(), "1.00"));
		assertThat(created.status()).as("the same token after the refusal: %s", created.body()).isEqualTo(201);
		assertThat(this.bank.balance(this.bob.account())).isEqualByComparingTo("1.00");
	}

}
