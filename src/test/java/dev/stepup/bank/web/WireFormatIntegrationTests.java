package dev.stepup.bank.web;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.RawHttp;
import dev.stepup.bank.support.TokenMint;
import dev.stepup.bank.support.TransferAttempt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static dev.stepup.bank.support.ProblemAssertions.assertPlainProblem;
import static dev.stepup.bank.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers outside the JSON path keep the format: a header sent twice, a CORS
 * refusal and every error Tomcat writes itself are problem documents with a
 * type and an X-Request-Id; the OpenAPI document describes the API as it is.
 */
@ApiIntegrationTest
class WireFormatIntegrationTests extends ApiTestSupport {

	static final String DUPLICATE_HEADER = "urn:stepup-bank:problem:duplicate-header";

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "Idempotency-Key: a\r\nIdempotency-Key: b", "Idempotency-Key: a\r\nidempotency-key: a",
			"IDEMPOTENCY-KEY: a\r\nIdempotency-Key: ", "Content-Type: application/yaml",
			"Content-Type: application/json", "X-Request-Id: one\r\nX-Request-Id: two",
			"Origin: http://localhost:9000\r\nOrigin: http://localhost:9000" })
	void transferWhenASingletonHeaderIsSentTwiceThenBadRequestAndTokenUnspent(String headerLines) {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();

		Api.Response refused = RawHttp.post(this.port, "/transfer",
				("Authorization: Bearer " + token + "\r\n" + headerLines + "\r\n").getBytes(StandardCharsets.ISO_8859_1),
				attempt.body());

		assertPlainProblem(refused, 400, DUPLICATE_HEADER);
		attempt.assertRefusedWithoutEffect(this.api, token);
	}

	@Test
	void transferWhenIdempotencyKeyIsSentOnceWithACommaThenItIsOneKey() {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();

		Api.Response created = this.api.transfer(token, attempt.body(), java.util.Map.of("Idempotency-Key", "a,b"));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(this.jdbc.sql("SELECT idempotency_key FROM transfers WHERE token_jti = ?")
			.param(jti(token))
			.query(String.class)
			.single()).isEqualTo("a,b");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "http://evil.example", "null", "http://localhost:9000.evil.example",
			"https://localhost:9000" })
	void preflightWhenOriginIsNotAllowedThenForbiddenProblem(String origin) {
		Api.Response refused = this.api.send(preflight(origin));

		assertPlainProblem(refused, 403, "urn:stepup-bank:problem:cors-refused");
		assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void preflightWhenHeaderIsNotAllowedThenForbiddenProblem() {
		Api.Response refused = this.api.send(preflight("http://localhost:9000").header("Access-Control-Request-Headers", "X-Evil"));

		assertPlainProblem(refused, 403, "urn:stepup-bank:problem:cors-refused");
	}

	@Test
	void transferWhenSentFromADisallowedOriginThenForbiddenProblemAndNothingMoved() {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();

		Api.Response refused = this.api.transfer(token, attempt.body(), java.util.Map.of("Origin", "http://evil.example"));

		assertPlainProblem(refused, 403, "urn:stepup-bank:problem:cors-refused");
		attempt.assertNothingMoved();
		assertThat(this.bank.isSpentBy(token)).isFalse();
	}

	@Test
	void preflightWhenOriginIsAllowedThenOk() {
		Api.Response allowed = this.api.send(preflight("http://localhost:9000").header("Access-Control-Request-Headers",
				"authorization, content-type, idempotency-key"));

		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("http://localhost:9000");
	}

	/** Requests Tomcat answers itself, before or without any filter of ours. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "TRACE /balance HTTP/1.1\r\nHost: x\r\n", "GET /transfers/a%2Fb HTTP/1.1\r\nHost: x\r\n",
			"GET /transfers/a%00b HTTP/1.1\r\nHost: x\r\n", "GET /bal ance HTTP/1.1\r\nHost: x\r\n",
			"GET /balance HTTP/1.1\r\nHost: x\r\nHost: y\r\n", "GET /balance HTTP/1.1\r\n",
			"GET /balance HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n", "GET /balance HTTP/2.0\r\nHost: x\r\n",
			"POST /transfer HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n",
			"GET /balance HTTP/1.1\r\nHost: x\r\nX-Big: BIG\r\n" })
	void requestWhenTomcatRefusesItThenProblemWithTypeAndRequestId(String head) throws Exception {
		String request = head.replace("BIG", "a".repeat(20_000)) + "\r\n";
		Api.Response answer;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			answer = RawHttp.read(socket);
		}

		assertThat(answer.status()).isBetween(400, 599);
		assertThat(assertProblem(answer, answer.status()).path("type").asString()).startsWith("urn:stepup-bank:problem:");
		assertThat(answer.body()).doesNotContain("Tomcat");
	}

	@Test
	void openApiWhenFetchedThenDescribesTheApiAsItIs() {
		Api.Response docs = this.api.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/v3/api-docs"))
			.header("X-Forwarded-Host", "evil.example")
			.header("X-Forwarded-Proto", "https")
			.header("Forwarded", "host=evil2.example"));

		assertThat(docs.status()).isEqualTo(200);
		JsonNode api = docs.json();
		List<String> paths = new ArrayList<>(api.get("paths").propertyNames());
		assertThat(paths).containsExactlyInAnyOrder("/balance", "/transfer", "/transfers/{id}", "/accounts",
				"/accounts/{id}", "/.well-known/oauth-protected-resource");
		JsonNode transfer = api.get("paths").get("/transfer").get("post");
		assertThat(transfer.get("responses").has("201")).isTrue();
		assertThat(transfer.get("responses").has("200")).isFalse();
		assertThat(transfer.get("responses").propertyNames()).contains("406", "415");
		assertThat(transfer.get("requestBody").get("content").propertyNames()).containsExactlyInAnyOrder(
				"application/json", "application/*+json");
		assertThat(api.get("servers").toString()).doesNotContain("evil", "127.0.0.1", "localhost", "http");
		assertThat(docs.body()).doesNotContain("evil.example", "evil2.example");
	}

	private HttpRequest.Builder preflight(String origin) {
		return HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/transfer"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST");
	}

	private static String jti(String token) {
		try {
			return com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet().getJWTID();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
