package dev.stepup.bank.database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.BankInstance;
import dev.stepup.bank.support.PostgresCluster;
import dev.stepup.bank.support.RetryingClients;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL dies under transfer load, on clusters of the test's own (never
 * the shared server): once restarted in place, once replaced by its
 * synchronous standby, promoted, which the API finds through its multi-host
 * URL ({@code targetServerType=primary}) without a restart. No answered
 * transfer is lost, no key is decided twice, money is conserved, and a token
 * spent before the fault is still refused after it, by the database (the
 * API's replay cache is shrunk to one entry so that it cannot answer for it).
 */
class FailoverIntegrationTests {

	@Test
	void transfersWhenPostgresCrashesAndRestartsThenNothingLostAndApiResumes() throws Exception {
		try (PostgresCluster server = PostgresCluster.primary();
				BankInstance instance = BankInstance.start(server.url(), "bank.demo-data.enabled=false",
						"bank.security.spent-tokens.cache-size=1")) {
			Bank bank = directly(server.url());
			Spent spent = spendTokens(instance.api(), bank);
			RetryingClients clients = RetryingClients.among(bank, 6).start(6, instance::api);
			long restartedAt = clients.survive("restart (crashed, down 15 s)", server::kill, Duration.ofSeconds(15),
					server::start);

			assertSurvived(clients, bank, instance.api(), spent, restartedAt);
		}
	}

	@Test
	void transfersWhenPrimaryDiesAndSynchronousStandbyIsPromotedThenNothingLostAndApiFollows() throws Exception {
		try (PostgresCluster primary = PostgresCluster.primary();
				PostgresCluster standby = PostgresCluster.standbyOf(primary)) {
			String both = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
					+ "/postgres?user=postgres&targetServerType=primary";
			try (BankInstance instance = BankInstance.start(both, "bank.demo-data.enabled=false",
					"bank.security.spent-tokens.cache-size=1")) {
				JdbcClient database = JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), both));
				assertThat(database.sql("SELECT sync_state FROM pg_stat_replication").query(String.class).list())
					.as("the standby confirms every commit")
					.containsExactly("sync");
				Bank bank = new Bank(database);
				Spent spent = spendTokens(instance.api(), bank);
				RetryingClients clients = RetryingClients.among(bank, 6).start(6, instance::api);
				long promotedAt = clients.survive("failover (primary crashed, standby promoted 1 s later)",
						primary::kill, Duration.ofSeconds(1), standby::promote);

				assertSurvived(clients, bank, instance.api(), spent, promotedAt);
			}
		}
	}

	private static void assertSurvived(RetryingClients clients, Bank bank, Api api, Spent spent, long recoveredAt) {
		clients.assertSurvived(bank, Duration.ofSeconds(10));
		assertThat(clients.byStatus()).as("the fault was felt").containsKey(503);
		assertThat(clients.millisToFirstDecisionAfter(recoveredAt)).as("recovery (ms)").isBetween(0L, 10_000L);
		for (String token : spent.tokens().subList(0, spent.tokens().size() - 1)) {
			assertInvalidToken(api.transfer(token, spent.body()), "token has already been used");
		}
		assertThat(bank.balance(spent.payer().account())).isEqualByComparingTo("96.00");
	}

	/** Spends a few tokens before the fault; the API's one-entry cache remembers only the last. */
	private static Spent spendTokens(Api api, Bank bank) {
		Customer payer = bank.newCustomer("100.00");
		String body = Api.transferBody(payer.account(), bank.newCustomer("0.00").account(), "1.00");
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String token = TokenMint.transfer(payer.subject()).sign();
			assertThat(api.transfer(token, body).status()).isEqualTo(201);
			tokens.add(token);
		}
		return new Spent(payer, body, tokens);
	}

	private static Bank directly(String url) {
		return new Bank(JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), url)));
	}

	/** Tokens spent on transfers of 1.00 from {@code payer} with {@code body}, before the fault. */
	record Spent(Customer payer, String body, List<String> tokens) {
	}

}
