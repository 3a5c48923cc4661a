package dev.stepup.bank.transfer;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.Parallel;
import dev.stepup.bank.support.Postgres;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many requests sharing one Idempotency-Key at the same instant, each with its
 * own fresh token, one in five asking for another amount. The contract allows
 * exactly three answers: the first decision (replayed to the others), 409 while
 * it runs, 422 for the other amount; never a 5xx, and the key decides once.
 * Subclasses choose the database ({@link Postgres#useFreshSchema}).
 */
@ApiIntegrationTest
abstract class IdempotencyKeyRaceContract extends ApiTestSupport {

	static final int REQUESTS = 25;

	@RepeatedTest(8)
	void transferWhenTwentyFiveRequestsShareOneKeyThenOneDecisionAndOnlyContractAnswers() throws Exception {
		Customer payer = this.bank.newCustomer("1000.00");
		Customer payee = this.bank.newCustomer("0.00");
		String key = "race-" + UUID.randomUUID();
		AtomicInteger sent = new AtomicInteger();

		List<Sent> answers = Parallel.all(REQUESTS, () -> {
			String amount = sent.getAndIncrement() % 5 == 4 ? "26.00" : "25.00";
			return new Sent(amount, this.api.transfer(TokenMint.transfer(payer.subject()).sign(),
					Api.transferBody(payer.account(), payee.account(), amount), Map.of("Idempotency-Key", key)));
		});

		assertThat(this.bank.transfersFrom(payer.account())).as("transfers decided under the key").isEqualTo(1);
		String decided = this.jdbc.sql("SELECT id FROM transfers WHERE from_account = ?")
			.param(payer.account())
			.query(String.class)
			.single();
		String decidedAmount = this.bank.balance(payer.account()).compareTo(new BigDecimal("975.00")) == 0
				? "25.00" : "26.00";
		assertThat(answers).allSatisfy((answer) -> {
			Api.Response response = answer.response();
			switch (response.status()) {
				case 201 -> {
					assertThat(answer.amount()).isEqualTo(decidedAmount);
					assertThat(response.json().get("id").asString()).isEqualTo(decided);
				}
				case 409 -> {
					ProblemAssertions.assertProblem(response, 409);
					assertThat(response.header("Retry-After")).isEqualTo("1");
				}
				case 422 -> {
					assertThat(answer.amount()).isNotEqualTo(decidedAmount);
					assertThat(ProblemAssertions.assertProblem(response, 422).get("title").asString())
						.isEqualTo("Idempotency-Key reused");
				}
				default -> throw new AssertionError("answer outside the contract: " + response.status() + " "
						+ response.body());
			}
		});
		assertThat(answers).filteredOn((answer) -> "false".equals(answer.response().header("Idempotent-Replayed")))
			.as("first (not replayed) decisions")
			.hasSize(1);
		assertThat(this.bank.balance(payee.account()).add(this.bank.balance(payer.account())))
			.isEqualByComparingTo("1000.00");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM idempotency_locks WHERE idempotency_key = ?")
			.param(key)
			.query(Long.class)
			.single()).as("locks left behind").isZero();
		this.bank.assertInvariants();
	}

	record Sent(String amount, Api.Response response) {
	}

}
