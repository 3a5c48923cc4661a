package dev.stepup.bank.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.RawHttp;
import dev.stepup.bank.support.TokenMint;
import dev.stepup.bank.support.TransferAttempt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.stepup.bank.support.ProblemAssertions.assertPlainProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall's header check, done without regular expressions, still refuses
 * what Tomcat lets through: bytes 0x80-0x9F arrive as the C1 control
 * characters U+0080-U+009F, which no header the API reads may carry.
 */
@ApiIntegrationTest
class HeaderFirewallIntegrationTests extends ApiTestSupport {

	static final String CLIENT_ERROR = "urn:stepup-bank:problem:client-error";

	@ParameterizedTest(name = "byte 0x{0} in the Authorization value")
	@ValueSource(strings = { "85", "9b", "80", "9f" })
	void transferWhenAuthorizationCarriesAC1ControlThenBadRequestAndTokenUnspent(String hex) {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();

		Api.Response refused = RawHttp.post(this.port, "/transfer",
				headerLines("Authorization: Bearer " + token.substring(0, 40), hex, token.substring(40)), attempt.body());

		assertPlainProblem(refused, 400, CLIENT_ERROR);
		attempt.assertRefusedWithoutEffect(this.api, token);
	}

	@ParameterizedTest(name = "byte 0x{0} in the Idempotency-Key value")
	@ValueSource(strings = { "85", "9b" })
	void transferWhenIdempotencyKeyCarriesAC1ControlThenBadRequestAndTokenUnspent(String hex) {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();

		Api.Response refused = RawHttp.post(this.port, "/transfer",
				headerLines("Authorization: Bearer " + token + "\r\nIdempotency-Key: key", hex, "1"), attempt.body());

		assertPlainProblem(refused, 400, CLIENT_ERROR);
		attempt.assertNothingMoved();
		assertThat(this.bank.isSpentBy(token)).isFalse();
	}

	/** {@code before}, the byte given in hex, {@code after}, then the line's CRLF. */
	private static byte[] headerLines(String before, String hex, String after) {
		ByteArrayOutputStream lines = new ByteArrayOutputStream();
		lines.writeBytes(before.getBytes(StandardCharsets.ISO_8859_1));
		lines.write(Integer.parseInt(hex, 16));
		lines.writeBytes((after + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
		return lines.toByteArray();
	}

}
