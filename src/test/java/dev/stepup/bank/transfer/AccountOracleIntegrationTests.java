package dev.stepup.bank.transfer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.stepup.bank.support.ProblemAssertions.assertPlainProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One transfer token must not tell which account ids exist: a target that
 * does not exist, and one that exists (another customer's, or the caller's
 * own) in another currency, get the same answer, and none of them spends the
 * token, so probing costs nothing but learns nothing.
 */
@ApiIntegrationTest
class AccountOracleIntegrationTests extends ApiTestSupport {

	@ParameterizedTest(name = "in {0}")
	@ValueSource(strings = { "USD", "EUR", "GBP", "JPY" })
	void transferWhenTargetIsUnknownOrInAnotherCurrencyThenTheSameNotFoundAndTokenUnspent(String currency) {
		Customer prober = this.bank.newCustomer("0.00");
		String own = "own-" + suffix();
		this.bank.openAccount(own, prober.subject(), currency, "100.00");
		Customer victim = this.bank.newCustomer("500.00");
		String foreignOther = "vic-" + suffix();
		this.bank.openAccount(foreignOther, victim.subject(), currency.equals("CHF") ? "EUR" : "CHF", "500.00");
		String ownOther = "own2-" + suffix();
		this.bank.openAccount(ownOther, prober.subject(), currency.equals("SEK") ? "EUR" : "SEK", "0.00");
		String token = TokenMint.transfer(prober.subject()).sign();

		Map<String, String> answers = new LinkedHashMap<>();
		for (String target : List.of("nope-" + suffix(), foreignOther, ownOther)) {
			Api.Response response = this.api.transfer(token,
					"{\"from\":\"" + own + "\",\"to\":\"" + target + "\",\"amount\":\"1\",\"currency\":\"" + currency + "\"}");
			assertPlainProblem(response, 404, "urn:stepup-bank:problem:not-found");
			answers.put(target, response.status() + " " + response.headers().keySet().stream()
				.filter((name) -> !List.of("date", "x-request-id").contains(name.toLowerCase()))
				.sorted()
				.toList() + " " + response.body().replace(target, "ID"));
		}

		assertThat(answers.values().stream().distinct()).as("answers by target: %s", answers).hasSize(1);
		assertThat(this.bank.isSpentBy(token)).isFalse();
		assertThat(this.bank.balance(own)).isEqualByComparingTo("100.00");
		assertThat(this.bank.balance(foreignOther)).isEqualByComparingTo("500.00");
		this.bank.assertInvariants();
	}

	/** The same token afterwards still moves money to a real target in the right currency. */
	@Test
	void transferWhenProbedThenTheTokenStillWorksForARealTransfer() {
		Customer prober = this.bank.newCustomer("100.00");
		Customer payee = this.bank.newCustomer("0.00");
		String token = TokenMint.transfer(prober.subject()).sign();

		for (int i = 0; i < 5; i++) {
			assertThat(this.api.transfer(token, Api.transferBody(prober.account(), "nope-" + suffix(), "1.00")).status())
				.isEqualTo(404);
		}
		Api.Response created = this.api.transfer(token, Api.transferBody(prober.account(), payee.account(), "1.00"));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(this.bank.balance(payee.account())).isEqualByComparingTo("1.00");
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 18);
	}

}
