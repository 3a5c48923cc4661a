package dev.stepup.bank.database;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.ProxiedBank;
import dev.stepup.bank.support.RequiresPostgres;
import dev.stepup.bank.support.RetryingClients;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL goes away under the API, behind a proxy the test breaks: the
 * server refusing connections (it is down), or the network swallowing every
 * packet (nothing is ever closed). Every request that needs the database
 * answers 503 problem+json with Retry-After within the bounded waits, never
 * 500 and never a hang; what needs no database keeps answering; readiness is
 * DOWN during the outage and UP again seconds after it.
 */
@RequiresPostgres
class DatabaseOutageIntegrationTests {

	/** db.bank().database.*: 2.5 s for a connection, 3 s per socket read, 2.5 s to give the key back: 8 s at worst. */
	static final Duration BOUND = Duration.ofSeconds(9);

	static ProxiedBank db;

	@BeforeAll
	static void start() {
		db = ProxiedBank.start();
	}

	@AfterEach
	void restore() {
		db.proxy().restore();
	}

	@AfterAll
	static void stop() {
		if (db != null) {
			db.close();
		}
	}

	@Test
	void requestsWhenDatabaseRefusesConnectionsThen503WithRetryAfterAndNoDatabaseRequestsStillAnswered() {
		assertOutageAnswers("connections refused", db.proxy()::refuse);
	}

	@Test
	void requestsWhenNetworkToDatabaseSwallowsEverythingThen503WithinTheBoundNotAHang() {
		assertOutageAnswers("every packet swallowed", db.proxy()::blackhole);
	}

	@Test
	void transfersWhenDatabaseGoesDownUnderLoadThenNo500NoSlowAnswerEveryKeyDecidedOnceMoneyConserved()
			throws Exception {
		RetryingClients clients = RetryingClients.among(db.bank(), 6).start(6, db.instance()::api);
		long restoredAt = clients.survive("outage (connections refused for 6 s)", db.proxy()::refuse,
				Duration.ofSeconds(6), db.proxy()::restore);

		clients.assertSurvived(db.bank(), Duration.ofSeconds(10));
		assertThat(clients.byStatus()).as("the outage was felt").containsKey(503);
		// Hikari retries a lost server with a backoff that doubles up to 5 s: the first new
		// connection comes at most that long after the server is back, then 2 s of waiting at most
		assertThat(clients.millisToFirstDecisionAfter(restoredAt)).as("recovery (ms)").isBetween(0L, 10_000L);
	}

	private static void assertOutageAnswers(String name, Runnable outage) {
		Api api = db.instance().api();
		Customer payer = db.bank().newCustomer("100.00");
		Customer payee = db.bank().newCustomer("0.00");
		String body = Api.transferBody(payer.account(), payee.account(), "25.00");
		String spent = TokenMint.transfer(payer.subject()).sign();
		assertThat(api.transfer(spent, body).status()).isEqualTo(201);
		String key = "outage-" + UUID.randomUUID();
		outage.run();

		Map<String, String> seen = new LinkedHashMap<>();
		assertUnavailable(timed(seen, "transfer with key", () -> api.transfer(
				TokenMint.transfer(payer.subject()).sign(), body, Map.of("Idempotency-Key", key))));
		assertUnavailable(timed(seen, "balance", () -> api.get("/balance", TokenMint.balance(payer.subject()).sign())));
		assertUnavailable(timed(seen, "transfer without key",
				() -> api.transfer(TokenMint.transfer(payer.subject()).sign(), body)));
		assertThat(timed(seen, "readiness", () -> api.get("/actuator/health/readiness", null)).status())
			.isEqualTo(503);
		assertThat(timed(seen, "liveness", () -> api.get("/actuator/health/liveness", null)).status())
			.isEqualTo(200);
		assertInvalidToken(timed(seen, "replay of a spent token", () -> api.transfer(spent, body)),
				"token has already been used");
		assertThat(timed(seen, "no token", () -> api.get("/balance", null)).status()).isEqualTo(401);

		db.proxy().restore();
		long restored = System.nanoTime();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> api.get("/actuator/health/readiness", null).status() == 200);
		System.out.println("FAULT outage, " + name + ", one request at a time: " + seen + "; readiness UP "
				+ (System.nanoTime() - restored) / 1_000_000 + " ms after the database came back");
		Api.Response after = api.transfer(TokenMint.transfer(payer.subject()).sign(), body,
				Map.of("Idempotency-Key", key));
		assertThat(after.status()).as(after.body()).isEqualTo(201);
		assertThat(after.header("Idempotent-Replayed")).isEqualTo("false");
		assertThat(db.bank().balance(payer.account())).isEqualByComparingTo("50.00");
		db.bank().assertInvariants();
	}

	private static Api.Response timed(Map<String, String> seen, String what, Supplier<Api.Response> request) {
		long started = System.nanoTime();
		Api.Response response = request.get();
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		seen.put(what, response.status() + " in " + took.toMillis() + " ms");
		assertThat(took).as("answer time of %s", what).isLessThan(BOUND);
		return response;
	}

	private static void assertUnavailable(Api.Response response) {
		assertThat(ProblemAssertions.assertProblem(response, 503).get("type").asString())
			.isEqualTo("urn:stepup-bank:problem:unavailable");
		assertThat(response.header("Retry-After")).isEqualTo("2");
	}

}
