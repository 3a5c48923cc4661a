package dev.stepup.bank;

import java.time.Instant;
import java.util.List;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.BankInstance;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.Postgres;
import dev.stepup.bank.support.Race;
import dev.stepup.bank.support.RequiresPostgres;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.stepup.bank.support.PaymentDetails.payment;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One approval, two tokens (a refresh, a re-issue), two instances on one
 * PostgreSQL schema: the authentication event moves money once, whichever
 * instance sees which token, and also when both race.
 */
@RequiresPostgres
class OneTransferPerAuthenticationTwoInstancesIntegrationTests {

	static BankInstance a;

	static BankInstance b;

	@BeforeAll
	static void startTwoInstancesOnOneSchema() {
		String url = Postgres.freshSchemaUrl();
		String[] settings = { "bank.demo-data.enabled=false", "bank.security.step-up.authorization-details=required",
				"bank.security.step-up.one-transfer-per-authentication=true" };
		a = BankInstance.start(url, settings);
		b = BankInstance.start(url, settings);
	}

	@AfterAll
	static void stop() {
		BankInstance.closeAll(a, b);
	}

	@Test
	void secondTokenOfTheSameAuthenticationOnTheOtherInstanceThenNewStepUp() {
		Customer alice = a.bank().newCustomer("100.00");
		Customer bob = a.bank().newCustomer("0.00");
		long authTime = Instant.now().getEpochSecond() - 20;
		String body = Api.transferBody(alice.account(), bob.account(), "10.00");

		Api.Response onA = a.api().transfer(token(alice, bob, authTime), body);
		Api.Response onB = b.api().transfer(token(alice, bob, authTime), body);

		assertThat(onA.status()).isEqualTo(201);
		assertThat(onB.status()).isEqualTo(401);
		assertThat(Challenges.of(onB)).isEqualTo(Challenges.stepUpAgain());
		assertThat(b.bank().balance(alice.account())).isEqualByComparingTo("90.00");
	}

	@Test
	void twoTokensOfOneAuthenticationRacingOnBothInstancesThenExactlyOneTransfer() {
		Customer alice = a.bank().newCustomer("100.00");
		Customer bob = a.bank().newCustomer("0.00");
		String body = Api.transferBody(alice.account(), bob.account(), "10.00");
		long base = Instant.now().getEpochSecond() - 60;
		for (int round = 0; round < 10; round++) {
			String first = token(alice, bob, base + round);
			String refreshed = token(alice, bob, base + round);
			List<Integer> pair = Race.statuses(
					List.of(() -> a.api().transfer(first, body), () -> b.api().transfer(refreshed, body)));
			assertThat(pair).as("round %d", round).containsExactly(201, 401);
		}

		assertThat(a.bank().balance(alice.account())).isEqualByComparingTo("0.00");
		assertThat(a.bank().transfersFrom(alice.account())).isEqualTo(10);
		a.bank().assertInvariants();
	}

	private static String token(Customer payer, Customer payee, long authTime) {
		return TokenMint.transfer(payer.subject())
			.claim("auth_time", authTime)
			.claim("authorization_details", List.of(payment(payer.account(), payee.account(), "10.00", "EUR")))
			.sign();
	}

}
