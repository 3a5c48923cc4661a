package dev.stepup.bank.web;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.RawHttp;
import dev.stepup.bank.support.TokenMint;
import dev.stepup.bank.support.TransferAttempt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More slow uploads than the server has worker threads: each announces a body
 * it never finishes, with a length or chunked. None of them may hold a thread,
 * neither to read the body nor to drain it after the answer, so every one is
 * answered and closed at once and the health endpoint keeps answering.
 */
@ApiIntegrationTest
@TestPropertySource(properties = { "server.tomcat.threads.max=" + SlowUploadsIntegrationTests.WORKER_THREADS,
		"server.tomcat.threads.min-spare=1" })
class SlowUploadsIntegrationTests extends ApiTestSupport {

	static final int WORKER_THREADS = 4;

	static final int HELD_CONNECTIONS = 5 * WORKER_THREADS;

	@Test
	@Timeout(60)
	void transferWhenMoreStalledUploadsThanWorkerThreadsThenEachIsAnsweredAndHealthStillAnswers() throws Exception {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();
		String[] contentTypes = { "application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ",
				"application/yaml" };
		List<Socket> held = new ArrayList<>();
		try {
			for (int i = 0; i < HELD_CONNECTIONS; i++) {
				boolean withToken = i % 2 == 0;
				boolean chunked = i % 4 >= 2;
				held.add(RawHttp.start(this.port, "POST /transfer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
						+ contentTypes[i % contentTypes.length] + "\r\n"
						+ (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: 1000\r\n")
						+ (withToken ? "Authorization: Bearer " + token + "\r\n" : ""),
						(chunked ? "3\r\na=b\r\n" : "a=b").getBytes(StandardCharsets.US_ASCII)));
			}

			long started = System.nanoTime();
			Api.Response health = this.api.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/actuator/health"))
				.timeout(Duration.ofSeconds(5)));
			assertThat(health.status()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("health answered within")
				.isLessThan(Duration.ofSeconds(5));

			for (int i = 0; i < held.size(); i++) {
				Socket socket = held.get(i);
				socket.setSoTimeout(5_000);
				Api.Response answer = RawHttp.read(socket);
				assertThat(answer.status()).as("held connection %d", i).isEqualTo(i % 2 == 0 ? 415 : 401);
				assertThat(socket.getInputStream().read()).as("held connection %d is closed after its answer", i)
					.isEqualTo(-1);
			}
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
		attempt.assertNothingMoved();
		assertThat(this.api.transfer(token, attempt.body()).status()).as("the token sent with the stalled bodies")
			.isEqualTo(201);
	}

}
