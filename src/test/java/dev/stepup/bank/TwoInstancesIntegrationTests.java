package dev.stepup.bank;

import java.util.ArrayList;
import java.util.List;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.BankInstance;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.Postgres;
import dev.stepup.bank.support.Race;
import dev.stepup.bank.support.RequiresPostgres;
import dev.stepup.bank.support.TokenMint;
import dev.stepup.bank.support.TransferStorm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Two application instances on one PostgreSQL schema, as behind a load balancer. */
@RequiresPostgres
class TwoInstancesIntegrationTests {

	static BankInstance a;

	static BankInstance b;

	@BeforeAll
	static void startTwoInstancesOnOneSchema() {
		String url = Postgres.freshSchemaUrl();
		a = BankInstance.start(url, "bank.demo-data.enabled=false");
		b = BankInstance.start(url, "bank.demo-data.enabled=false");
	}

	@AfterAll
	static void stop() {
		BankInstance.closeAll(a, b);
	}

	@Test
	void randomTransfersThroughBothInstancesThenMoneyConservedAndNoOverdraft() throws InterruptedException {
		Bank bank = a.bank();

		TransferStorm.among(bank, "0.00", "5.00", "20.00", "60.00", "150.00")
			.run(List.of(a.api(), b.api()), 8, 30)
			.assertBooksBalance(bank, 8 * 30);
	}

	@Test
	void tokenSpentOnOneInstanceThenRefusedOnTheOther() {
		Customer alice = a.bank().newCustomer("100.00");
		Customer bob = a.bank().newCustomer("0.00");
		String token = TokenMint.transfer(alice.subject()).sign();

		Api.Response onA = a.api().transfer(token, Api.transferBody(alice.account(), bob.account(), "10.00"));
		Api.Response onB = b.api().transfer(token, Api.transferBody(alice.account(), bob.account(), "20.00"));

		assertThat(onA.status()).isEqualTo(201);
		assertThat(onB.status()).isEqualTo(401);
		assertThat(Challenges.of(onB))
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"token has already been used\"");
		assertThat(b.bank().balance(alice.account())).isEqualByComparingTo("90.00");
	}

	@Test
	void sameTokenSentToBothInstancesAtOnceThenExactlyOneTransfer() {
		Customer alice = a.bank().newCustomer("100.00");
		Customer bob = a.bank().newCustomer("0.00");
		String body = Api.transferBody(alice.account(), bob.account(), "1.00");
		List<Integer> statuses = new ArrayList<>();
		for (int round = 0; round < 10; round++) {
			String token = TokenMint.transfer(alice.subject()).sign();
			List<Integer> pair = Race.statuses(
					List.of(() -> a.api().transfer(token, body), () -> b.api().transfer(token, body)));
			assertThat(pair).as("round %d", round).containsExactly(201, 401);
			statuses.addAll(pair);
		}

		assertThat(a.bank().balance(alice.account())).isEqualByComparingTo("90.00");
		assertThat(a.bank().transfersFrom(alice.account())).isEqualTo(10);
		a.bank().assertInvariants();
	}

}
