package dev.stepup.bank.transfer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.RawHttp;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Idempotency-Key rules of README.md ("HTTP contract"): replay, reuse, in flight, scope and syntax. */
@ApiIntegrationTest
class IdempotencyIntegrationTests extends ApiTestSupport {

	@Autowired
	DataSource dataSource;

	Customer alice;

	Customer bob;

	String key;

	@BeforeEach
	void setUp() {
		this.alice = this.bank.newCustomer("100.00");
		this.bob = this.bank.newCustomer("0.00");
		this.key = "key-" + UUID.randomUUID();
	}

	@Test
	void retryWhenSameKeyAndBodyWithNewTokenThenFirstResponseAndMoneyMovedOnce() {
		Api.Response first = send(newToken(), "25.00", this.key);
		boolean heldAfterDecision = lockHeld(this.alice.subject(), this.key);
		Api.Response retry = send(newToken(), "25.00", this.key);

		assertThat(first.status()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isEqualTo("false");
		assertThat(heldAfterDecision).as("lock given back in the decision's transaction").isFalse();
		assertThat(lockHeld(this.alice.subject(), this.key)).as("lock given back after the replay").isFalse();
		assertSameResponse(retry, first);
		assertThat(this.bank.transfersFrom(this.alice.account())).isEqualTo(1);
		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("75.00");
	}

	@Test
	void retryWhenSameKeyAndBodyWithTheSpentTokenThenFirstResponseNotAReplayRefusal() {
		String token = newToken();

		Api.Response first = send(token, "25.00", this.key);
		Api.Response retry = send(token, "25.00", this.key);

		assertSameResponse(retry, first);
		assertThat(send(token, "25.00", null).status()).as("without the key the token is spent").isEqualTo(401);
		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("75.00");
	}

	@Test
	void retryWhenAmountIsWrittenDifferentlyThenStillTheSameRequest() {
		Api.Response first = send(newToken(), "25", this.key);
		Api.Response retry = this.api.transfer(newToken(), "{\"from\":\"" + this.alice.account() + "\",\"to\":\""
				+ this.bob.account() + "\",\"amount\":25.000,\"currency\":\"EUR\"}", Map.of("Idempotency-Key", this.key));

		assertSameResponse(retry, first);
		assertThat(this.bank.transfersFrom(this.alice.account())).isEqualTo(1);
	}

	@Test
	void retryWhenSameKeyButOtherBodyThenUnprocessableAndNothingMovedAndTokenUnspent() {
		send(newToken(), "25.00", this.key);
		String token = newToken();

		Api.Response reused = send(token, "26.00", this.key);

		assertThat(ProblemAssertions.assertProblem(reused, 422).get("title").asString()).isEqualTo("Idempotency-Key reused");
		assertThat(lockHeld(this.alice.subject(), this.key)).as("lock given back after the refusal").isFalse();
		assertThat(this.bank.transfersFrom(this.alice.account())).isEqualTo(1);
		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("75.00");
		assertThat(send(token, "26.00", "other-" + this.key).status()).isEqualTo(201);
	}

	@Test
	void retryWhenFirstWasDeclinedThenSameDeclineReplayed() {
		Api.Response first = send(newToken(), "100.01", this.key);
		Api.Response retry = send(newToken(), "100.01", this.key);

		String transferId = ProblemAssertions.assertProblem(first, 422).get("transferId").asString();
		assertThat(ProblemAssertions.assertProblem(retry, 422).get("transferId").asString()).isEqualTo(transferId);
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(this.bank.transfersFrom(this.alice.account())).isEqualTo(1);
		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("100.00");
	}

	@Test
	void retryWhileFirstRequestStillRunsThenConflictAndLaterTheFirstResponse() throws SQLException {
		Api.Response first;
		String waitingToken = newToken();
		try (Connection holder = this.dataSource.getConnection()) {
			holder.setAutoCommit(false);
			lockAccount(holder, this.alice.account());
			CompletableFuture<Api.Response> running = CompletableFuture.supplyAsync(() -> send(newToken(), "25.00", this.key));
			await().atMost(Duration.ofSeconds(10)).until(() -> lockHeld(this.alice.subject(), this.key));

			Api.Response inFlight = send(waitingToken, "25.00", this.key);
			Api.Response otherBody = send(newToken(), "26.00", this.key);

			assertThat(ProblemAssertions.assertProblem(inFlight, 409).get("title").asString()).isEqualTo("Request in progress");
			assertThat(inFlight.header("Retry-After")).isEqualTo("1");
			assertThat(ProblemAssertions.assertProblem(otherBody, 422).get("title").asString()).isEqualTo("Idempotency-Key reused");
			assertThat(running).isNotDone();
			holder.rollback();
			first = running.join();
		}

		assertThat(first.status()).isEqualTo(201);
		assertThat(lockHeld(this.alice.subject(), this.key)).as("lock given back with the decision").isFalse();
		assertSameResponse(send(waitingToken, "25.00", this.key), first);
		assertThat(this.bank.transfersFrom(this.alice.account())).isEqualTo(1);
	}

	@Test
	void keyWhenLockOfACrashedRequestHasExpiredThenTakenOver() {
		this.jdbc.sql("INSERT INTO idempotency_locks (requested_by, idempotency_key, request_hash, locked_until) "
				+ "VALUES (?, ?, ?, ?)")
			.params(this.alice.subject(), this.key, "0".repeat(64), OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1))
			.update();

		Api.Response created = send(newToken(), "25.00", this.key);

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(lockHeld(this.alice.subject(), this.key)).isFalse();
	}

	@Test
	void keyWhenUsedByAnotherCustomerThenEachGetsTheirOwnTransfer() {
		Customer carol = this.bank.newCustomer("100.00");

		Api.Response byAlice = send(newToken(), "25.00", this.key);
		Api.Response byCarol = this.api.transfer(TokenMint.transfer(carol.subject()).sign(),
				Api.transferBody(carol.account(), this.bob.account(), "25.00"), Map.of("Idempotency-Key", this.key));

		assertThat(byAlice.status()).isEqualTo(201);
		assertThat(byCarol.status()).isEqualTo(201);
		assertThat(byCarol.header("Idempotent-Replayed")).isEqualTo("false");
		assertThat(byCarol.json().get("id")).isNotEqualTo(byAlice.json().get("id"));
		assertThat(this.bank.balance(this.bob.account())).isEqualByComparingTo("50.00");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "tab\there", "256" })
	void keyWhenNotOneTo255PrintableAsciiThenBadRequestAndTokenUnspent(String key) {
		String token = newToken();

		Api.Response refused = send(token, "25.00", key.equals("256") ? "k".repeat(256) : key);

		assertThat(ProblemAssertions.assertProblem(refused, 400).get("detail").asString())
			.isEqualTo("Idempotency-Key must be 1 to 255 printable ASCII characters");
		assertThat(this.bank.transfersFrom(this.alice.account())).isZero();
		assertThat(send(token, "25.00", null).status()).isEqualTo(201);
	}

	@Test
	void keyWhenNotAsciiOnTheWireThenBadRequestAndTokenUnspent() {
		String token = newToken();
		byte[] header = ("Authorization: Bearer " + token + "\r\nIdempotency-Key: cl\u00e9\r\n").getBytes(StandardCharsets.UTF_8);

		Api.Response refused = RawHttp.post(this.port, "/transfer", header,
				Api.transferBody(this.alice.account(), this.bob.account(), "25.00"));

		assertThat(ProblemAssertions.assertProblem(refused, 400).get("detail").asString())
			.isEqualTo("Idempotency-Key must be 1 to 255 printable ASCII characters");
		assertThat(send(token, "25.00", null).status()).isEqualTo(201);
	}

	@ParameterizedTest
	@ValueSource(strings = { "k", "with space and ~!@#", "255" })
	void keyWhenOneTo255PrintableAsciiThenAccepted(String key) {
		Api.Response created = send(newToken(), "25.00", key.equals("255") ? "k".repeat(254) + "!" : key);

		assertThat(created.status()).as(created.body()).isEqualTo(201);
	}

	private String newToken() {
		return TokenMint.transfer(this.alice.subject()).sign();
	}

	private Api.Response send(String token, String amount, String key) {
		String body = Api.transferBody(this.alice.account(), this.bob.account(), amount);
		return this.api.transfer(token, body, key == null ? Map.of() : Map.of("Idempotency-Key", key));
	}

	private boolean lockHeld(String subject, String key) {
		return this.jdbc.sql("SELECT COUNT(*) FROM idempotency_locks WHERE requested_by = ? AND idempotency_key = ?")
			.params(subject, key)
			.query(Long.class)
			.single() > 0;
	}

	private static void lockAccount(Connection connection, String accountId) throws SQLException {
		try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM accounts WHERE id = ? FOR UPDATE")) {
			lock.setString(1, accountId);
			lock.executeQuery().close();
		}
	}

	private static void assertSameResponse(Api.Response retry, Api.Response first) {
		assertThat(retry.status()).isEqualTo(first.status());
		assertThat(retry.json()).isEqualTo(first.json());
		assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
	}

}
