package dev.stepup.bank.security;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The step-up flow of README.md ("The flow"), end to end, as a front-end lives it. */
@ApiIntegrationTest
class StepUpFlowIntegrationTests extends ApiTestSupport {

	@Test
	void balanceTokenReadsThenIsChallengedThenMfaTokenTransfersOnceThenReplayIsRefused() {
		Customer alice = this.bank.newCustomer("1000.00");
		Customer bob = this.bank.newCustomer("500.00");
		String balanceToken = TokenMint.balance(alice.subject()).sign();

		Api.Response balance = this.api.get("/balance", balanceToken);
		assertThat(balance.status()).isEqualTo(200);
		assertThat(balance.json().get("accounts").get(0).get("id").asString()).isEqualTo(alice.account());
		assertThat(balance.json().get("accounts").get(0).get("balance").asString()).isEqualTo("1000.00");
		assertThat(balance.json().get("accounts").get(0).get("currency").asString()).isEqualTo("EUR");

		String body = Api.transferBody(alice.account(), bob.account(), "25.00");
		Api.Response refused = this.api.transfer(balanceToken, body);
		assertThat(Challenges.of(refused)).isEqualTo(
				"Bearer error=\"insufficient_scope\", scope=\"transfer:funds\", error_description=\"moving money needs the transfer:funds scope\"");
		ProblemAssertions.assertProblem(refused, 403);

		String transferToken = TokenMint.transfer(alice.subject()).sign();
		Api.Response done = this.api.transfer(transferToken, body);
		assertThat(done.status()).isEqualTo(201);
		String id = done.json().get("id").asString();
		assertThat(done.header("Location")).isEqualTo("/transfers/" + id);
		assertThat(done.json().get("amount").asString()).isEqualTo("25.00");
		assertThat(done.json().get("status").asString()).isEqualTo("completed");
		assertThat(this.bank.balance(alice.account())).isEqualByComparingTo("975.00");
		assertThat(this.bank.balance(bob.account())).isEqualByComparingTo("525.00");

		Api.Response replay = this.api.transfer(transferToken, body);
		assertThat(replay.status()).isEqualTo(401);
		assertThat(Challenges.of(replay))
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"token has already been used\"");
		assertThat(replay.json().get("detail").asString()).isEqualTo("token has already been used");
		assertThat(this.bank.balance(alice.account())).isEqualByComparingTo("975.00");

		Api.Response read = this.api.get("/transfers/" + id, balanceToken);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("id").asString()).isEqualTo(id);
		this.bank.assertInvariants();
	}

}
