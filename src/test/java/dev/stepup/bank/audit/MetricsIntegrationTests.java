package dev.stepup.bank.audit;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.TokenMint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The meters the platform team reads: request timers, refusal counters by reason and cause, and the Prometheus scrape. */
@ApiIntegrationTest
class MetricsIntegrationTests extends ApiTestSupport {

	@Autowired
	MeterRegistry meters;

	@Test
	void refusalsWhenEachReasonOccursThenItsCounterMovesByExactlyOne() {
		Customer alice = this.bank.newCustomer("100.00");
		Customer bob = this.bank.newCustomer("0.00");
		String body = Api.transferBody(alice.account(), bob.account(), "1.00");
		Map<String, Runnable> refusals = Map.of(
				"invalid_token|expired", () -> this.api.get("/balance", TokenMint.balance(alice.subject())
					.claim("iat", new Date(System.currentTimeMillis() - 1_200_000))
					.claim("exp", new Date(System.currentTimeMillis() - 600_000))
					.sign()),
				"insufficient_scope|insufficient_scope",
				() -> this.api.transfer(TokenMint.balance(alice.subject()).sign(), body),
				"insufficient_user_authentication|mfa_required",
				() -> this.api.transfer(TokenMint.transfer(alice.subject()).without("acr").claim("amr", List.of("pwd")).sign(), body),
				"insufficient_user_authentication|mfa_too_old", () -> this.api.transfer(TokenMint.transfer(alice.subject())
					.claim("auth_time", System.currentTimeMillis() / 1000 - 3600)
					.sign(), body));
		refusals.forEach((key, send) -> {
			String[] tags = key.split("\\|");
			double before = refused(tags[0], tags[1]);
			send.run();
			assertThat(refused(tags[0], tags[1])).as(key).isEqualTo(before + 1);
		});

		String token = TokenMint.transfer(alice.subject()).sign();
		assertThat(this.api.transfer(token, body).status()).isEqualTo(201);
		double replaysBefore = refused("replay", "spent_cache");
		double challengesBefore = this.meters.counter("bank.stepup.challenges", "error", "replay").count();
		assertThat(this.api.transfer(token, body).status()).isEqualTo(401);
		assertThat(refused("replay", "spent_cache")).isEqualTo(replaysBefore + 1);
		assertThat(this.meters.counter("bank.stepup.challenges", "error", "replay").count())
			.isEqualTo(challengesBefore + 1);
	}

	@Test
	void requestsWhenServedThenTimedByUriAndStatusWithoutATimerPerSecurityFilter() {
		Customer alice = this.bank.newCustomer("100.00");
		long before = served("/balance", "200");
		long refusedBefore = refused401();

		assertThat(this.api.get("/balance", TokenMint.balance(alice.subject()).sign()).status()).isEqualTo(200);
		assertThat(this.api.get("/balance", "not-a-token").status()).isEqualTo(401);

		// the timer stops after the response is written: the client may read it first
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(served("/balance", "200")).isEqualTo(before + 1);
			assertThat(refused401()).isEqualTo(refusedBefore + 1);
		});
		// Spring Security's per-filter observations are off: they cost CPU on every request and duplicated the above
		assertThat(this.meters.getMeters()).extracting((meter) -> meter.getId().getName())
			.noneMatch((name) -> name.startsWith("spring.security."));
	}

	/** Refused in the filter chain, before any handler: the URI tag is not the path then. */
	private long refused401() {
		return this.meters.find("http.server.requests").tag("status", "401").timers().stream().mapToLong(Timer::count).sum();
	}

	private long served(String uri, String status) {
		Timer timer = this.meters.find("http.server.requests").tag("uri", uri).tag("status", status).timer();
		return (timer != null) ? timer.count() : 0;
	}

	@Test
	void prometheusWhenCalledThenNeedsTheOperationsScope() {
		String customer = TokenMint.balance("ops-test").sign();
		String operations = TokenMint.balance("ops-robot").claim("scope", "bank:operations").sign();

		assertThat(this.api.get("/actuator/prometheus", null).status()).isEqualTo(401);
		Api.Response forbidden = this.api.get("/actuator/prometheus", customer);
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(Challenges.of(forbidden)).contains("scope=\"bank:operations\"");
		Api.Response scraped = this.api.get("/actuator/prometheus", operations);
		assertThat(scraped.status()).isEqualTo(200);
		assertThat(scraped.body()).contains("bank_tokens_refused_total", "bank_jwks_fetches_total");
		assertThat(this.api.get("/actuator/info", operations).json().has("git")).isTrue();
	}

	private double refused(String reason, String cause) {
		var counter = Search.in(this.meters).name("bank.tokens.refused").tag("reason", reason).tag("cause", cause)
			.counter();
		return counter == null ? 0 : counter.count();
	}

}
