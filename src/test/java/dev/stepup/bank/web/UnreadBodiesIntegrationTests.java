package dev.stepup.bank.web;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.RawHttp;
import dev.stepup.bank.support.TokenMint;
import dev.stepup.bank.support.TransferAttempt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.stepup.bank.support.ProblemAssertions.assertMissingToken;
import static dev.stepup.bank.support.ProblemAssertions.assertPlainProblem;

/**
 * Bodies nobody may read: without a token, in a type other than JSON, or over
 * the 16 KB limit, chunked or not. Each is answered without being read (a token
 * at the end of a form body is never found), nothing moves, and a valid token
 * sent with one is not spent.
 */
@ApiIntegrationTest
class UnreadBodiesIntegrationTests extends ApiTestSupport {

	static final String FORM = "application/x-www-form-urlencoded";

	static final String MULTIPART = "multipart/form-data; boundary=XyZ";

	TransferAttempt attempt;

	@BeforeEach
	void setUp() {
		this.attempt = TransferAttempt.between(this.bank);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { FORM, MULTIPART, "application/json", "application/yaml", "text/plain" })
	void transferWhenChunkedBodyIsLargeAndNoTokenThenBareChallenge(String contentType) {
		Api.Response response = RawHttp.chunked(this.port, head(contentType, null), large(contentType, 200 * 1024));

		assertMissingToken(response);
		this.attempt.assertNothingMoved();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { FORM, MULTIPART })
	void transferWhenMultiMegabyteBodyWithLengthAndNoTokenThenContentTooLarge(String contentType) throws Exception {
		byte[] body = large(contentType, 2_700_000);
		Api.Response response;
		try (Socket socket = RawHttp.start(this.port, head(contentType, null) + "Content-Length: " + body.length + "\r\n",
				Arrays.copyOf(body, 64 * 1024))) {
			response = RawHttp.read(socket);
		}

		assertPlainProblem(response, 413, "urn:stepup-bank:problem:body-too-large");
		this.attempt.assertNothingMoved();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { FORM, MULTIPART, "application/yaml", "application/xml", "text/plain" })
	void transferWhenChunkedBodyIsLargeAndNotJsonWithValidTokenThenUnsupportedMediaTypeAndTokenUnspent(
			String contentType) {
		String token = TokenMint.transfer(this.attempt.payer().subject()).sign();

		Api.Response response = RawHttp.chunked(this.port, head(contentType, token), large(contentType, 200 * 1024));

		assertPlainProblem(response, 415, "urn:stepup-bank:problem:unsupported-media-type");
		this.attempt.assertRefusedWithoutEffect(this.api, token);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "application/json", "application/vnd.stepup+json" })
	void transferWhenChunkedJsonBodyIsOverTheLimitWithValidTokenThenContentTooLargeAndTokenUnspent(
			String contentType) {
		String token = TokenMint.transfer(this.attempt.payer().subject()).sign();
		String json = this.attempt.body();
		byte[] body = (json.substring(0, json.length() - 1) + " ".repeat(17 * 1024) + "}")
			.getBytes(StandardCharsets.UTF_8);

		Api.Response response = RawHttp.chunked(this.port, head(contentType, token), body);

		assertPlainProblem(response, 413, "urn:stepup-bank:problem:body-too-large");
		this.attempt.assertRefusedWithoutEffect(this.api, token);
	}

	private String head(String contentType, String token) {
		return "POST /transfer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType + "\r\n"
				+ (token != null ? "Authorization: Bearer " + token + "\r\n" : "");
	}

	/** A body of about {@code size} bytes whose very end carries a token, where a form reader would find it. */
	private static byte[] large(String contentType, int size) {
		String tail;
		String head;
		if (contentType.startsWith("multipart/")) {
			head = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n";
			tail = "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"access_token\"\r\n\r\nx\r\n--XyZ--\r\n";
		}
		else {
			head = "a=";
			tail = "&access_token=x";
		}
		char[] filler = new char[size - head.length() - tail.length()];
		Arrays.fill(filler, 'a');
		return (head + new String(filler) + tail).getBytes(StandardCharsets.US_ASCII);
	}

}
