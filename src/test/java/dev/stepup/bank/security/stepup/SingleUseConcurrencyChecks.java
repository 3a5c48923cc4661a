package dev.stepup.bank.security.stepup;

import java.util.List;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank;
import dev.stepup.bank.support.Parallel;
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

		List<Api.Response> responses = Parallel.all(REQUESTS, () -> api.transfer(token, attempt.body()));

		assertThat(responses).filteredOn((response) -> response.status() == 201).hasSize(1);
		assertThat(responses).filteredOn((response) -> response.status() != 201)
			.hasSize(REQUESTS - 1)
			.allSatisfy((response) -> assertInvalidToken(response, "token has already been used"));
		assertThat(bank.transfersFrom(attempt.payer().account())).isEqualTo(1);
		assertThat(bank.balance(attempt.payer().account())).isEqualByComparingTo("975.00");
		assertThat(bank.balance(attempt.payee().account())).isEqualByComparingTo("525.00");
		bank.assertInvariants();
	}

}
