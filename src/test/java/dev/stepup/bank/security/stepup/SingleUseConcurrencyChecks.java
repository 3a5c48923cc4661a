package dev.stepup.bank.security.stepup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank;
import dev.stepup.bank.support.TokenMint;
import dev.stepup.bank.support.TransferAttempt;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One transfer token replayed by many threads at the same instant: the
 * database decides, so exactly one request moves money and every other one is
 * told the token is spent. Subclasses choose the database.
 */
abstract class SingleUseConcurrencyChecks {

	static final int REQUESTS = 50;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void transferWhenSameTokenSentFiftyTimesAtOnceThenExactlyOneDebit() throws Exception {
		Api api = new Api(this.port);
		Bank bank = new Bank(this.jdbc);
		TransferAttempt attempt = TransferAttempt.between(bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();

		List<Api.Response> responses = all(REQUESTS, () -> api.transfer(token, attempt.body()));

		assertThat(responses).filteredOn((response) -> response.status() == 201).hasSize(1);
		assertThat(responses).filteredOn((response) -> response.status() != 201)
			.hasSize(REQUESTS - 1)
			.allSatisfy((response) -> assertInvalidToken(response, "token has already been used"));
		assertThat(bank.transfersFrom(attempt.payer().account())).isEqualTo(1);
		assertThat(bank.balance(attempt.payer().account())).isEqualByComparingTo("975.00");
		assertThat(bank.balance(attempt.payee().account())).isEqualByComparingTo("525.00");
		bank.assertInvariants();
	}

	/** Runs {@code count} calls on as many threads, released together by one latch. */
	private static List<Api.Response> all(int count, java.util.function.Supplier<Api.Response> call)
			throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(count);
		try {
			CountDownLatch ready = new CountDownLatch(count);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Api.Response>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(threads.submit(() -> {
					ready.countDown();
					start.await();
					return call.get();
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).as("all threads ready").isTrue();
			start.countDown();
			List<Api.Response> responses = new ArrayList<>();
			for (Future<Api.Response> future : futures) {
				responses.add(future.get(60, TimeUnit.SECONDS));
			}
			return responses;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
