package dev.stepup.bank.security.stepup;

import java.util.List;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Parallel;
import dev.stepup.bank.support.TokenMint;
import dev.stepup.bank.support.TransferAttempt;
import org.junit.jupiter.api.Test;

import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One transfer token replayed by many threads at the same instant: the
 * database decides, so exactly one request moves money and every other one is
 * told the token is spent. Subclasses choose the database.
 */
@ApiIntegrationTest
abstract class SingleUseConcurrencyContract extends ApiTestSupport {

	static final int REQUESTS = 50;

	@Test
	void transferWhenSameTokenSentFiftyTimesAtOnceThenExactlyOneDebit() throws Exception {
		TransferAttempt attempt = TransferAttempt.between(this.bank);
		String token = TokenMint.transfer(attempt.payer().subject()).sign();

		List<Api.Response> responses = Parallel.all(REQUESTS, () -> this.api.transfer(token, attempt.body()));

		assertThat(responses).filteredOn((response) -> response.status() == 201).hasSize(1);
		assertThat(responses).filteredOn((response) -> response.status() != 201)
			.hasSize(REQUESTS - 1)
			.allSatisfy((response) -> assertInvalidToken(response, "token has already been used"));
		assertThat(this.bank.transfersFrom(attempt.payer().account())).isEqualTo(1);
		assertThat(this.bank.balance(attempt.payer().account())).isEqualByComparingTo("975.00");
		assertThat(this.bank.balance(attempt.payee().account())).isEqualByComparingTo("525.00");
		this.bank.assertInvariants();
	}

}
