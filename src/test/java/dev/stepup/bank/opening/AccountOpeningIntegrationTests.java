package dev.stepup.bank.opening;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opening accounts through the operations interface: funded through the
 * ledger from the funding account (money is conserved), idempotent on the
 * account id, audited, and closed to every token without bank:operations.
 */
@ApiIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class AccountOpeningIntegrationTests extends ApiTestSupport {

	final String operator = TokenMint.operations("back-office").sign();

	@Test
	void openWhenOperationsTokenThenFundedThroughTheLedgerAndTheOwnerSeesIt(CapturedOutput output) {
		String customer = "kc-" + UUID.randomUUID();
		String id = newId();

		Api.Response opened = this.api.post("/accounts", this.operator, body(id, customer, "EUR", "250.00"));

		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		assertThat(opened.header("Location")).isEqualTo("/accounts/" + id);
		assertThat(opened.header("Idempotent-Replayed")).isEqualTo("false");
		JsonNode account = opened.json();
		assertThat(account.get("owner").asString()).isEqualTo(customer);
		assertThat(account.get("balance").asString()).isEqualTo("250.00");
		assertThat(account.get("openingBalance").asString()).isEqualTo("250.00");
		String transferId = account.get("openingTransferId").asString();
		assertThat(this.jdbc.sql("SELECT SUM(amount) FROM ledger_entries WHERE transfer_id = ?")
			.param(transferId)
			.query(BigDecimal.class)
			.single()).isEqualByComparingTo("0");
		assertThat(this.jdbc.sql("SELECT account_id FROM ledger_entries WHERE transfer_id = ? AND direction = -1")
			.param(transferId)
			.query(String.class)
			.single()).isEqualTo("bank:funding:EUR");
		Api.Response balance = this.api.get("/balance", TokenMint.balance(customer).sign());
		assertThat(balance.json().get("accounts").get(0).get("balance").asString()).isEqualTo("250.00");
		assertThat(this.api.get("/accounts/" + id, this.operator).json().get("balance").asString()).isEqualTo("250.00");
		this.bank.assertInvariants();
		assertThat(output.getAll()).contains("account opened").doesNotContain(this.operator);
	}

	@Test
	void openWhenTheSameRequestAgainThenTheSameAccountAndNoSecondMovement() {
		String id = newId();
		String body = body(id, "cust-" + UUID.randomUUID(), "EUR", "40");
		this.api.post("/accounts", this.operator, body);
		BigDecimal funding = this.bank.balance("bank:funding:EUR");

		Api.Response again = this.api.post("/accounts", TokenMint.operations("other-tool").sign(),
				body.replace("\"40\"", "\"40.00\""));

		assertThat(again.status()).isEqualTo(201);
		assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(again.json().get("balance").asString()).isEqualTo("40.00");
		assertThat(this.bank.balance("bank:funding:EUR")).isEqualByComparingTo(funding);
		this.bank.assertInvariants();
	}

	@Test
	void openWhenTheIdIsTakenWithOtherTermsThenConflictAndNothingMoves() {
		String id = newId();
		String owner = "cust-" + UUID.randomUUID();
		this.api.post("/accounts", this.operator, body(id, owner, "EUR", "10.00"));

		for (String other : new String[] { body(id, owner, "EUR", "11.00"), body(id, "someone-else", "EUR", "10.00"),
				body(id, owner, "USD", "10.00") }) {
			Api.Response refused = this.api.post("/accounts", this.operator, other);
			ProblemAssertions.assertProblem(refused, 409);
		}
		assertThat(this.bank.balance(id)).isEqualByComparingTo("10.00");
		this.bank.assertInvariants();
	}

	@Test
	void openWhenManyIdenticalRequestsAtOnceThenOneOpeningAndOneMovement() throws Exception {
		String id = newId();
		String body = body(id, "cust-" + UUID.randomUUID(), "EUR", "5.00");
		int requests = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(requests);
		List<Future<Api.Response>> answers = new ArrayList<>();
		try {
			for (int i = 0; i < requests; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return this.api.post("/accounts", this.operator, body);
				}));
			}
			start.countDown();
			for (Future<Api.Response> answer : answers) {
				assertThat(answer.get().status()).as(answer.get().body()).isEqualTo(201);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM transfers WHERE to_account = ?").param(id).query(Long.class)
			.single()).isEqualTo(1);
		assertThat(this.bank.balance(id)).isEqualByComparingTo("5.00");
		this.bank.assertInvariants();
	}

	@Test
	void openWhenTheTokenLacksTheOperationsScopeThenRefusedAndNothingOpened() {
		String id = newId();
		String body = body(id, "mallory", "EUR", "1000000.00");
		String[] customerTokens = { TokenMint.balance("mallory").sign(), TokenMint.transfer("mallory").sign(),
				TokenMint.balance("mallory").claim("scope", "view:balance transfer:funds bank:operation").sign() };
		for (String token : customerTokens) {
			Api.Response refused = this.api.post("/accounts", token, body);
			assertThat(refused.status()).isEqualTo(403);
			assertThat(Challenges.of(refused)).startsWith("Bearer error=\"insufficient_scope\", scope=\"bank:operations\"");
		}
		assertThat(this.api.post("/accounts", null, body).status()).isEqualTo(401);
		Api.Response otherAudience = this.api.post("/accounts",
				TokenMint.operations("back-office").claim("aud", "https://another-api").sign(), body);
		assertThat(otherAudience.status()).isEqualTo(401);
		Api.Response forged = this.api.post("/accounts",
				TokenMint.operations("back-office").signedWith(TokenMint.generate(TokenMint.KEY.getKeyID())).sign(),
				body);
		assertThat(forged.status()).isEqualTo(401);
		assertThat(this.api.get("/accounts/" + id, TokenMint.balance("mallory").sign()).status()).isEqualTo(403);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE id = ?").param(id).query(Long.class).single())
			.isZero();
	}

	@Test
	void openWhenTheBodyIsBadThenBadRequestAndNothingOpened() {
		String id = newId();
		String[] bad = { body("", "c", "EUR", "1.00"), body("-x", "c", "EUR", "1.00"), body("a b", "c", "EUR", "1.00"),
				body("bank:funding:EUR", "c", "EUR", "1.00"), body("x".repeat(65), "c", "EUR", "1.00"),
				body(id, "", "EUR", "1.00"), body(id, " c", "EUR", "1.00"), body(id, "c\\u0000", "EUR", "1.00"),
				body(id, "é", "EUR", "1.00"), body(id, "c".repeat(256), "EUR", "1.00"), body(id, "c", "eur", "1.00"),
				body(id, "c", "XYZ", "1.00"), body(id, "c", "EUR", "-1.00"), body(id, "c", "EUR", "1.001"),
				body(id, "c", "EUR", "1000000.01"), body(id, "c", "EUR", "1e400"), body(id, "c", "EUR", "ten"),
				body(id, "c", "EUR", " 1.00"), body(id, "c", "EUR", "+1.00"), body(id, "c", "EUR", ".5"),
				body(id, "c", "EUR", "1."), body(id, "c", "EUR", "01.00"), body(id, "c", "EUR", "1e2"),
				body(id, "c", "EUR", "1.00\\u0000"), body(id, "c", "EUR", ""),
				"{\"id\":\"" + id + "\",\"owner\":\"c\",\"currency\":\"EUR\"}",
				"{\"id\":\"" + id + "\",\"owner\":\"c\",\"currency\":\"EUR\",\"openingBalance\":\"1\",\"kind\":\"funding\"}",
				"{\"id\":\"" + id + "\",\"id\":\"x\",\"owner\":\"c\",\"currency\":\"EUR\",\"openingBalance\":\"1\"}",
				"[]", "", "{",
				// an exponent at the int limit: precision - scale overflowed, and 500 came instead of 400
				"{\"id\":\"" + id + "\",\"owner\":\"c\",\"currency\":\"EUR\",\"openingBalance\":1E+2147483647}",
				"{\"id\":\"" + id + "\",\"owner\":\"c\",\"currency\":\"EUR\",\"openingBalance\":12E+2147483646}",
				"{\"id\":\"" + id + "\",\"owner\":\"c\",\"currency\":\"EUR\",\"openingBalance\":1E-2147483647}",
				"{\"id\":\"" + id + "\",\"owner\":\"c\",\"currency\":\"EUR\",\"openingBalance\":\"1\",\"<b>\":1}" };
		for (String body : bad) {
			ProblemAssertions.assertProblem(this.api.post("/accounts", this.operator, body), 400);
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE id = ?").param(id).query(Long.class).single())
			.isZero();
		this.bank.assertInvariants();
	}

	/**
	 * The types are part of the mapping: an Accept the answer cannot meet is 406
	 * and a body in another type or in a content coding 415, before the account
	 * is opened and its funds booked (the 406 used to come after both).
	 */
	@Test
	void openWhenTheAnswerOrTheBodyTypeCannotBeMetThenRefusedAndNothingOpened() {
		String id = newId();
		BigDecimal funding = this.bank.balance("bank:funding:EUR");
		String json = body(id, "c", "EUR", "1.00");
		record Attempt(int status, String header, String value) {
		}
		List<Attempt> attempts = List.of(new Attempt(406, "Accept", "text/html"),
				new Attempt(406, "Accept", "application/xml"), new Attempt(406, "Accept", "application/json;q=0"),
				new Attempt(406, "Accept", "application/json;q=0, */*"), new Attempt(415, "Content-Type", "text/plain"),
				new Attempt(415, "Content-Type", "application/xml"), new Attempt(415, "Content-Encoding", "gzip"),
				new Attempt(415, "Content-Encoding", "x-nonsense"));
		for (Attempt attempt : attempts) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/accounts"))
				.POST(HttpRequest.BodyPublishers.ofString(json))
				.header("Authorization", "Bearer " + this.operator);
			if (!attempt.header().equals("Content-Type")) {
				request.header("Content-Type", "application/json");
			}
			Api.Response refused = this.api.send(request.header(attempt.header(), attempt.value()));

			ProblemAssertions.assertProblem(refused, attempt.status());
			assertThat(refused.header("Location")).as("%s: %s", attempt, refused.header("Location")).isNull();
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM accounts WHERE id = ?").param(id).query(Long.class).single())
			.isZero();
		assertThat(this.bank.balance("bank:funding:EUR")).isEqualByComparingTo(funding);

		Api.Response opened = this.api.post("/accounts", this.operator, json);
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		assertThat(opened.header("Idempotent-Replayed")).isEqualTo("false");
		this.bank.assertInvariants();
	}

	/** The path is the caller's text: what cannot be an account id is not echoed into the detail. */
	@Test
	void readWhenTheIdCannotBeOneThenNotFoundWithoutRepeatingIt() {
		Api.Response markup = this.api.get("/accounts/%3Cscript%3E", this.operator);
		Api.Response override = this.api.get("/accounts/%E2%80%AEtxt", this.operator);

		for (Api.Response response : List.of(markup, override)) {
			assertThat(ProblemAssertions.assertProblem(response, 404).get("detail").asString())
				.isEqualTo("no such account: an account id is 1 to 64 letters, digits or hyphens");
		}
		assertThat(markup.body()).doesNotContain("<script>");
		assertThat(override.body()).doesNotContain("\u202E");
	}

	@Test
	void transferWhenTheFundingAccountIsNamedThenNoMoneyMovesFromOrToIt() {
		String id = newId();
		String customer = "cust-" + UUID.randomUUID();
		this.api.post("/accounts", this.operator, body(id, customer, "EUR", "20.00"));
		BigDecimal funding = this.bank.balance("bank:funding:EUR");

		Api.Response from = this.api.transfer(TokenMint.transfer("urn:stepup-bank:bank").sign(),
				Api.transferBody("bank:funding:EUR", id, "1.00"));
		Api.Response to = this.api.transfer(TokenMint.transfer(customer).sign(),
				Api.transferBody(id, "bank:funding:EUR", "1.00"));

		assertThat(from.status()).isIn(400, 404);
		assertThat(to.status()).isIn(400, 404);
		assertThat(this.bank.balance("bank:funding:EUR")).isEqualByComparingTo(funding);
		assertThat(this.api.get("/balance", TokenMint.balance("urn:stepup-bank:bank").sign()).json().get("accounts"))
			.isEmpty();
		this.bank.assertInvariants();
	}

	private static String newId() {
		return "acc-" + UUID.randomUUID().toString().substring(0, 18);
	}

	private static String body(String id, String owner, String currency, String opening) {
		return "{\"id\":\"" + id + "\",\"owner\":\"" + owner + "\",\"currency\":\"" + currency
				+ "\",\"openingBalance\":\"" + opening + "\"}";
	}

}
