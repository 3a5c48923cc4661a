package dev.stepup.training;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.stepup.bank.BankApplication;
import dev.stepup.bank.support.Bank;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The image's AOT training load against the application as the image runs it
 * (demo customers, H2 in memory), with the key and JWKS the training serves:
 * every request gets the answer the training expects, so the cache is
 * trained on transfers, reads and refusals, not on a wall of 401s; and the
 * ledger's invariants hold afterwards.
 */
@SpringBootTest(classes = BankApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.datasource.url=jdbc:h2:mem:aot-training-it;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000")
class TrainingRunIntegrationTests {

	static final RSAKey KEY = generate();

	static final HttpServer JWKS = serve(KEY);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> TrainingRun.issuer(JWKS));
		registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> TrainingRun.issuer(JWKS) + "/jwks");
	}

	@AfterAll
	static void stopKeys() {
		JWKS.stop(0);
	}

	@Test
	void trainWhenTheApiIsTheImagesThenEveryAnswerIsTheExpectedOneAndNoMoneyIsLost() throws Exception {
		TrainingRun run = new TrainingRun(KEY, TrainingRun.issuer(JWKS), URI.create("http://127.0.0.1:" + this.port));

		// long enough for Tomcat to close kept-alive read connections (100 requests each) and the run to reopen them
		run.train(Duration.ofSeconds(3), 40);

		assertThat(run.surprises()).isEmpty();
		Map<String, Long> answers = new TreeMap<>();
		run.answers().forEach((what, count) -> answers.put(what, count.get()));
		assertThat(answers).containsEntry("transfer 201", 28L)
			.containsEntry("replay 401", 4L)
			.containsEntry("transfer read 200", 4L)
			.containsEntry("no token 401", 4L)
			.containsEntry("no step-up 403", 4L)
			.containsEntry("malformed 400", 4L)
			.hasEntrySatisfying("balance 200", (count) -> assertThat(count).isPositive());
		Bank bank = new Bank(this.jdbc);
		bank.assertInvariants();
		assertThat(bank.balance("alice-eur").add(bank.balance("bob-eur"))).isEqualByComparingTo(new BigDecimal("1500.00"));
	}

	@Test
	void trainWhenTheApiRefusesItsTokensThenEveryRefusalIsASurprise() throws Exception {
		TrainingRun run = new TrainingRun(generate(), TrainingRun.issuer(JWKS),
				URI.create("http://127.0.0.1:" + this.port));

		run.train(Duration.ofMillis(200), 10);

		assertThat(run.surprises()).isNotEmpty().allSatisfy((surprise) -> assertThat(surprise).contains("got 401"));
		assertThat(run.answers().getOrDefault("transfer 201", new AtomicLong()).get()).isZero();
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyID("aot-training").generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static HttpServer serve(RSAKey key) {
		try {
			return TrainingRun.serveKeys(key);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
