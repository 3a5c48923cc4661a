package dev.stepup.bank.audit;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.JwksServer;
import dev.stepup.bank.support.TokenMint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the platform team sees: health, metrics, the audit trail, the OpenAPI document, request ids. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:observability;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				"bank.demo-data.enabled=false", "logging.structured.format.console=ecs",
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TokenMint.ISSUER })
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIntegrationTests {

	static final JwksServer jwks = JwksServer.start(TokenMint.KEY);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void jwks(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwks::jwksUri);
	}

	@AfterAll
	static void stopJwks() {
		jwks.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	Api api;

	Bank bank;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		this.bank = new Bank(this.jdbc);
		jwks.publish(TokenMint.KEY);
	}

	@Test
	void healthWhenJwksFailsAfterKeysWereCachedThenJwksDownButApiStillServesAndStaysReady() {
		Customer alice = this.bank.newCustomer("10.00");
		assertThat(this.api.get("/balance", TokenMint.balance(alice.subject()).sign()).status()).isEqualTo(200);
		jwks.wireMock().stubFor(get(urlPathEqualTo(JwksServer.PATH)).willReturn(aResponse().withStatus(500)));
		String unknownKid = TokenMint.balance(alice.subject()).signedWith(TokenMint.generate("rotated-away")).sign();
		assertThat(this.api.get("/balance", unknownKid).status()).isEqualTo(401);

		JsonNode health = this.api.get("/actuator/health", null).json();
		assertThat(health.get("components").get("jwks").get("status").asString()).isEqualTo("DOWN");
		Api.Response readiness = this.api.get("/actuator/health/readiness", null);
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
		assertThat(this.api.get("/balance", TokenMint.balance(alice.subject()).sign()).status()).isEqualTo(200);
	}

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
	void transferWhenDecidedThenOneAuditEventInJsonWithoutTheToken(CapturedOutput output) {
		Customer alice = this.bank.newCustomer("100.00");
		Customer bob = this.bank.newCustomer("0.00");
		String token = TokenMint.transfer(alice.subject()).sign();
		double completedBefore = this.meters.counter("bank.transfers", "outcome", "completed").count();

		Api.Response done = this.api.transfer(token, Api.transferBody(alice.account(), bob.account(), "12.50"),
				Map.of("X-Request-Id", "req-audit-1"));

		assertThat(done.status()).isEqualTo(201);
		assertThat(done.header("X-Request-Id")).isEqualTo("req-audit-1");
		String id = done.json().get("id").asString();
		List<JsonNode> events = auditEvents(output, "transfer.decided", id);
		assertThat(events).hasSize(1);
		JsonNode event = events.get(0);
		assertThat(text(event, "subject")).isEqualTo(alice.subject());
		assertThat(text(event, "client_id")).isEqualTo("bank-web");
		assertThat(text(event, "from_account")).isEqualTo(alice.account());
		assertThat(text(event, "to_account")).isEqualTo(bob.account());
		assertThat(text(event, "amount")).isEqualTo("12.50");
		assertThat(text(event, "outcome")).isEqualTo("completed");
		assertThat(text(event, "request_id")).isEqualTo("req-audit-1");
		assertThat(text(event, "jti_hash")).hasSize(16);
		assertThat(output.getAll()).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
		assertThat(this.meters.counter("bank.transfers", "outcome", "completed").count())
			.isEqualTo(completedBefore + 1);
	}

	@Test
	void stepUpRefusalWhenNoMfaThenAuditEventWithoutTheToken(CapturedOutput output) {
		Customer alice = this.bank.newCustomer("100.00");
		Customer bob = this.bank.newCustomer("0.00");
		String token = TokenMint.balance(alice.subject()).sign();

		Api.Response refused = this.api.transfer(token, Api.transferBody(alice.account(), bob.account(), "1.00"));

		assertThat(refused.status()).isEqualTo(403);
		List<JsonNode> events = auditEvents(output, "stepup.refused", alice.subject());
		assertThat(events).hasSize(1);
		assertThat(text(events.get(0), "reason")).isEqualTo("insufficient_scope");
		assertThat(output.getAll()).doesNotContain(token);
	}

	@Test
	void openApiWhenFetchedThenListsBothScopesAndTheStepUpChallenge() {
		Api.Response docs = this.api.get("/v3/api-docs", null);

		assertThat(docs.status()).isEqualTo(200);
		JsonNode paths = docs.json().get("paths");
		assertThat(paths.get("/balance").get("get").get("security").get(0).get("oauth2").get(0).asString())
			.isEqualTo("view:balance");
		JsonNode transfer = paths.get("/transfer").get("post");
		assertThat(transfer.get("security").get(0).get("oauth2").get(0).asString()).isEqualTo("transfer:funds");
		assertThat(transfer.get("security").get(1).get("dpop").get(0).asString()).isEqualTo("transfer:funds");
		assertThat(docs.json().get("components").get("securitySchemes").get("dpop").get("scheme").asString())
			.isEqualTo("DPoP");
		assertThat(transfer.get("responses").get("401").get("description").asString())
			.contains("insufficient_user_authentication");
		assertThat(transfer.get("responses").get("403").get("description").asString()).contains("insufficient_scope",
				"insufficient_authorization_details");
		assertThat(docs.json().get("x-authorization_details_types_supported").get(0).asString())
			.isEqualTo("payment_initiation");
		JsonNode payment = docs.json().get("components").get("schemas").get("PaymentInitiation");
		assertThat(payment.get("required").toString()).contains("instructedAmount", "debtorAccount", "creditorAccount");
		assertThat(payment.get("properties").get("locations").get("items").get("enum").get(0).asString())
			.isEqualTo(TokenMint.AUDIENCE);
		assertThat(docs.json().get("components").get("securitySchemes").get("oauth2").toString())
			.contains("view:balance", "transfer:funds");
		assertThat(this.api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
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

	/** The JSON audit events of one type that mention {@code needle}. */
	private static List<JsonNode> auditEvents(CapturedOutput output, String type, String needle) {
		return output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{") && line.contains(needle))
			.map(JSON::readTree)
			.filter((event) -> type.equals(text(event, "event")))
			.toList();
	}

	private static String text(JsonNode event, String field) {
		JsonNode value = event.get(field);
		return value == null ? null : value.asString();
	}

}
