package dev.stepup.bank.web;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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

import static dev.stepup.bank.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before any controller runs, by Tomcat or by the security
 * firewall: a method the API does not implement, a transfer coding Tomcat
 * cannot read, a path the firewall refuses, a path with nothing behind it.
 * Each gets a problem that says what to change, the status RFC 9110 names
 * for it, no echo of what the attacker wrote unless it is plain, and no money
 * moves: the same token still transfers afterwards.
 */
@ApiIntegrationTest
class ContainerRefusalsIntegrationTests extends ApiTestSupport {

	static final String NOT_IMPLEMENTED = "urn:stepup-bank:problem:not-implemented";

	static final String CLIENT_ERROR = "urn:stepup-bank:problem:client-error";

	@ParameterizedTest(name = "{0} /transfer")
	@ValueSource(strings = { "FOO", "PROPFIND", "MKCOL", "LINK", "SEARCH", "QUERY", "get", "Post", "M-POST",
			"PUT.", "X_1~!" })
	void transferWhenTheMethodIsNotImplementedThen501AndNothingMoved(String method) {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();

		Api.Response refused = exchange(method, "/transfer", "Authorization: Bearer " + token + "\r\n"
				+ "Content-Type: application/json\r\n", attempt.body());

		JsonNode problem = assertProblem(refused, 501);
		assertThat(problem.path("type").asString()).isEqualTo(NOT_IMPLEMENTED);
		assertThat(problem.path("detail").asString()).isEqualTo(
				(method.matches("[A-Za-z0-9._-]+") ? "the method " + method : "the request's method")
						+ " is not one this API implements");
		assertThat(refused.header("WWW-Authenticate")).isNull();
		attempt.assertRefusedWithoutEffect(this.api, token);
	}

	@Test
	void balanceWhenTheMethodIsLongThen501WithoutRepeatingIt() {
		String method = "X".repeat(200);

		Api.Response refused = exchange(method, "/balance", "", "");

		JsonNode problem = assertProblem(refused, 501);
		assertThat(problem.path("type").asString()).isEqualTo(NOT_IMPLEMENTED);
		assertThat(problem.path("detail").asString()).isEqualTo("the request's method is not one this API implements");
	}

	@ParameterizedTest(name = "Transfer-Encoding: {0}")
	@ValueSource(strings = { "gzip", "deflate", "compress", "gzip, chunked", "br, chunked", "x-unknown" })
	void transferWhenTheTransferCodingIsNotChunkedThen501AndNothingMoved(String coding) {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();

		Api.Response refused = exchange("POST", "/transfer", "Authorization: Bearer " + token + "\r\n"
				+ "Content-Type: application/json\r\nTransfer-Encoding: " + coding + "\r\n", attempt.body());

		JsonNode problem = assertProblem(refused, 501);
		assertThat(problem.path("type").asString()).isEqualTo(NOT_IMPLEMENTED);
		assertThat(problem.path("detail").asString()).contains("transfer coding other than chunked");
		attempt.assertRefusedWithoutEffect(this.api, token);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "HTTP/1.2", "HTTP/2.0", "HTTP/3.0", "HTTP/9.9" })
	void transferWhenTheHttpVersionIsNotSupportedThen505AndNothingMoved(String version) {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();
		Api.Response refused = exchange("POST", "/transfer", version, "Authorization: Bearer " + token + "\r\n"
				+ "Content-Type: application/json\r\n", attempt.body());

		JsonNode problem = assertProblem(refused, 505);
		assertThat(problem.path("type").asString()).isEqualTo("urn:stepup-bank:problem:http-version-not-supported");
		assertThat(problem.path("detail").asString()).isEqualTo("send the request as HTTP/1.1");
		attempt.assertNothingMoved();
		assertThat(this.bank.isSpentBy(token)).isFalse();
	}

	@ParameterizedTest(name = "POST {0}")
	@ValueSource(strings = { "/transfer;jsessionid=1", "/transfer;x", "/%2e%2e/transfer", "/transfer%2F",
			"/transfer%252F", "//transfer", "/./transfer", "/a/../transfer", "/transfer/.", "/transfer%00", "/transfer%0d%0a" })
	void transferWhenTheFirewallRefusesThePathThen400WithoutItAndNothingMoved(String path) {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();

		Api.Response refused = exchange("POST", path, "Authorization: Bearer " + token + "\r\n"
				+ "Content-Type: application/json\r\n", attempt.body());

		JsonNode problem = assertProblem(refused, 400);
		assertThat(problem.path("type").asString()).isEqualTo(CLIENT_ERROR);
		assertThat(problem.has("instance")).as("instance: the path is the attacker's, not /error").isFalse();
		assertThat(refused.body()).doesNotContain("/error");
		attempt.assertRefusedWithoutEffect(this.api, token);
	}

	@Test
	void transferWhenTheFirewallRefusesAHeaderThenTheInstanceIsThePathAskedFor() {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();
		byte[] c1 = "Idempotency-Key: key\u0085\r\n".getBytes(StandardCharsets.ISO_8859_1);

		Api.Response refused = RawHttp.post(this.port, "/transfer",
				concat(("Authorization: Bearer " + token + "\r\n").getBytes(StandardCharsets.US_ASCII), c1),
				attempt.body());

		JsonNode problem = assertProblem(refused, 400);
		assertThat(problem.path("instance").asString()).isEqualTo("/transfer");
		attempt.assertNothingMoved();
	}

	@Test
	void getWhenNothingIsAtThePathThen404WithoutFrameworkText() {
		String token = TokenMint.balance("alice").sign();

		// the security rules let /transfers/* through to be answered; with no id, nothing is there
		Api.Response response = this.api.get("/transfers/", token);

		JsonNode problem = assertProblem(response, 404);
		assertThat(problem.path("type").asString()).isEqualTo("urn:stepup-bank:problem:not-found");
		assertThat(problem.path("detail").asString()).isEqualTo("nothing is at this path");
		assertThat(response.body()).doesNotContainIgnoringCase("static resource");
	}

	/** {@code METHOD path HTTP/1.1}, the headers given (each ending in CRLF), then the body. */
	private Api.Response exchange(String method, String path, String headers, String body) {
		return exchange(method, path, "HTTP/1.1", headers, body);
	}

	private Api.Response exchange(String method, String path, String version, String headers, String body) {
		byte[] content = body.getBytes(StandardCharsets.UTF_8);
		String lengthOrCoding = headers.contains("Transfer-Encoding") ? "" : "Content-Length: " + content.length + "\r\n";
		try (Socket socket = RawHttp.start(this.port, method + " " + path + " " + version + "\r\nHost: 127.0.0.1:" + this.port
				+ "\r\nConnection: close\r\n" + headers + lengthOrCoding + "\r\n", content)) {
			return RawHttp.read(socket);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = new byte[a.length + b.length];
		System.arraycopy(a, 0, both, 0, a.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

}
