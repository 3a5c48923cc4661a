package dev.stepup.bank.database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.PostgresProxy.CommitCut;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.ProxiedBank;
import dev.stepup.bank.support.RequiresPostgres;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connection to PostgreSQL breaks exactly while a transfer commits, cut by
 * a proxy that reads the wire protocol: once before the server sees the
 * COMMIT (nothing happened), once after the server has it (it happened, and
 * the API never heard). Either way the API cannot know, answers 503, and a
 * retry with the same Idempotency-Key and a fresh token gets the one decision.
 */
@RequiresPostgres
class CommitCutIntegrationTests {

	static ProxiedBank db;

	Api api;

	Customer payer;

	Customer payee;

	String key;

	List<String> answers = new ArrayList<>();

	@BeforeAll
	static void start() {
		db = ProxiedBank.start();
	}

	@AfterAll
	static void stop() {
		if (db != null) {
			db.close();
		}
	}

	@BeforeEach
	void customers() {
		this.api = db.instance().api();
		this.payer = db.bank().newCustomer("100.00");
		this.payee = db.bank().newCustomer("0.00");
		this.key = "cut-" + UUID.randomUUID();
	}

	@Test
	void transferWhenCommitCutBeforeTheServerSeesItThen503AndRetryDecidesOnce() throws Exception {
		String firstToken = TokenMint.transfer(this.payer.subject()).sign();
		db.proxy().cutAtNextCommit(CommitCut.BEFORE_SERVER_SEES_IT);

		Api.Response cut = send(firstToken);

		assertThat(db.proxy().awaitCommitCut(1)).as("the cut happened at the commit").isTrue();
		assertOutcomeUnknown(cut);
		assertThat(db.bank().transfersFrom(this.payer.account())).as("nothing committed").isZero();
		Api.Response retry = send(TokenMint.transfer(this.payer.subject()).sign());

		assertThat(retry.status()).as(retry.body()).isEqualTo(201);
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("false");
		assertMovedOnce("before the server sees it");
		assertThat(send(firstToken).json().get("id")).as("the uncommitted token may still retry the key")
			.isEqualTo(retry.json().get("id"));
	}

	@Test
	void transferWhenCommitCutAfterTheServerHasItThen503AndRetryGetsTheCommittedTransfer() throws Exception {
		String firstToken = TokenMint.transfer(this.payer.subject()).sign();
		db.proxy().cutAtNextCommit(CommitCut.AFTER_SERVER_HAS_IT);

		Api.Response cut = send(firstToken);

		assertThat(db.proxy().awaitCommitCut(1)).as("the cut happened at the commit").isTrue();
		assertOutcomeUnknown(cut);
		Api.Response retry = send(TokenMint.transfer(this.payer.subject()).sign());

		assertThat(retry.status()).as(retry.body()).isEqualTo(201);
		assertThat(retry.header("Idempotent-Replayed")).as("the committed decision, replayed").isEqualTo("true");
		assertMovedOnce("after the server has it");
		assertInvalidToken(this.api.transfer(firstToken, Api.transferBody(this.payer.account(),
				this.payee.account(), "25.00")), "token has already been used");
	}

	@Test
	void transferWhenCommitCutAndDatabaseStaysDownThen503StillSaysOutcomeUnknownAndRetryLaterDecidesOnce()
			throws Exception {
		db.proxy().cutAtNextCommit(CommitCut.BEFORE_SERVER_SEES_IT, true);

		Api.Response cut = send(TokenMint.transfer(this.payer.subject()).sign());

		assertThat(db.proxy().awaitCommitCut(1)).as("the cut happened at the commit").isTrue();
		assertOutcomeUnknown(cut);
		db.proxy().restore();
		// the key could not be given back while the database was down: 409 until its lock expires
		Api.Response retry = await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> send(TokenMint.transfer(this.payer.subject()).sign()), (answer) -> answer.status() != 409
					&& answer.status() != 503);

		assertThat(retry.status()).as(retry.body()).isEqualTo(201);
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("false");
		assertMovedOnce("before the server sees it, database down for the retry");
	}

	private Api.Response send(String token) {
		long started = System.nanoTime();
		Api.Response response = this.api.transfer(token, Api.transferBody(this.payer.account(), this.payee.account(), "25.00"),
				Map.of("Idempotency-Key", this.key));
		this.answers.add(response.status() + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
		return response;
	}

	private static void assertOutcomeUnknown(Api.Response cut) {
		assertThat(ProblemAssertions.assertProblem(cut, 503).get("type").asString())
			.isEqualTo("urn:stepup-bank:problem:outcome-unknown");
		assertThat(cut.header("Retry-After")).isEqualTo("2");
	}

	private void assertMovedOnce(String cut) {
		assertThat(db.bank().transfersFrom(this.payer.account())).as("transfers recorded").isEqualTo(1);
		assertThat(db.bank().balance(this.payer.account())).isEqualByComparingTo("75.00");
		assertThat(db.bank().balance(this.payee.account())).isEqualByComparingTo("25.00");
		db.bank().assertInvariants();
		System.out.println("FAULT commit-cut " + cut + ": answers under one key " + this.answers
				+ "; money check: PASS (one transfer under the key, 25.00 moved once, ledger invariants hold)");
	}

}
