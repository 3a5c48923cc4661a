package dev.stepup.bank.transfer;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /transfer and GET /transfers/{id} as README.md's "HTTP contract" states them. */
@ApiIntegrationTest
class TransferContractIntegrationTests extends ApiTestSupport {

	Customer alice;

	Customer bob;

	@BeforeEach
	void setUp() {
		this.alice = this.bank.newCustomer("100.00");
		this.bob = this.bank.newCustomer("50.00");
	}

	@Test
	void transferWhenFundsSufficeThenCreatedWithLocationAndEveryField() {
		Instant before = Instant.now().minusSeconds(1);

		Api.Response created = transfer(this.alice, this.bob.account(), "25.00");

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.contentType()).startsWith("application/json");
		JsonNode body = created.json();
		String id = body.get("id").asString();
		assertThat(UUID.fromString(id)).hasToString(id);
		assertThat(created.header("Location")).isEqualTo("/transfers/" + id);
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("id", "from", "to", "amount", "currency", "status",
				"createdAt");
		assertThat(body.get("from").asString()).isEqualTo(this.alice.account());
		assertThat(body.get("to").asString()).isEqualTo(this.bob.account());
		assertThat(body.get("amount").isString()).as("amount is a decimal string").isTrue();
		assertThat(body.get("amount").asString()).isEqualTo("25.00");
		assertThat(body.get("currency").asString()).isEqualTo("EUR");
		assertThat(body.get("status").asString()).isEqualTo("completed");
		assertThat(Instant.parse(body.get("createdAt").asString())).isAfter(before);
		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("75.00");
		assertThat(this.bank.balance(this.bob.account())).isEqualByComparingTo("75.00");
		this.bank.assertInvariants();
	}

	@Test
	void readTransferWhenCallerOwnsFromOrToThenSameBodyAsCreated() {
		Api.Response created = transfer(this.alice, this.bob.account(), "10.00");
		String location = created.header("Location");

		Api.Response bySender = this.api.get(location, TokenMint.balance(this.alice.subject()).sign());
		Api.Response byRecipient = this.api.get(location, TokenMint.balance(this.bob.subject()).sign());

		assertThat(bySender.status()).isEqualTo(200);
		assertThat(bySender.json()).isEqualTo(created.json());
		assertThat(byRecipient.status()).isEqualTo(200);
		assertThat(byRecipient.json()).isEqualTo(created.json());
	}

	@Test
	void readTransferWhenCallerOwnsNeitherAccountThenNotFoundLikeAnUnknownId() {
		String id = transfer(this.alice, this.bob.account(), "10.00").json().get("id").asString();
		String stranger = TokenMint.balance(this.bank.newCustomer("1.00").subject()).sign();
		String unknownId = UUID.randomUUID().toString();

		Api.Response hidden = this.api.get("/transfers/" + id, stranger);
		Api.Response unknown = this.api.get("/transfers/" + unknownId, stranger);

		assertNotFoundProblem(hidden);
		assertNotFoundProblem(unknown);
		assertThat(hidden.body()).doesNotContain(this.alice.account(), this.bob.account(), "10.00");
		assertThat(hidden.body().replace(id, "ID")).isEqualTo(unknown.body().replace(unknownId, "ID"));
	}

	/** The path is the caller's text: a right-to-left override, markup or 5 KB of it is not echoed into the detail. */
	@Test
	void readTransferWhenTheIdCannotBeOneThenNotFoundWithoutRepeatingIt() {
		String reader = TokenMint.balance(this.alice.subject()).sign();
		Map<String, String> sent = Map.of("%E2%80%AEexe.tnemyap", "\u202Eexe.tnemyap", "%3Cscript%3E", "<script>",
				"x".repeat(5000), "x".repeat(5000));

		sent.forEach((path, text) -> {
			Api.Response response = this.api.get("/transfers/" + path, reader);

			JsonNode problem = ProblemAssertions.assertProblem(response, 404);
			assertThat(problem.get("detail").asString()).isEqualTo("no such transfer found for this customer");
			// instance names the request by its path as sent, percent-encoded: never the decoded text
			assertThat(problem.get("instance").asString()).isEqualTo("/transfers/" + path);
			if (!path.equals(text)) {
				assertThat(response.body()).doesNotContain(text);
			}
		});
	}

	@Test
	void transferWhenFromBelongsToSomeoneElseThenNotFoundLikeAnUnknownAccount() {
		String token = TokenMint.transfer(this.bob.subject()).sign();
		String unknown = "acc-" + UUID.randomUUID().toString().substring(0, 18);

		Api.Response othersAccount = this.api.transfer(token, Api.transferBody(this.alice.account(), this.bob.account(), "5.00"));
		Api.Response noSuchAccount = this.api.transfer(token, Api.transferBody(unknown, this.bob.account(), "5.00"));

		assertNotFoundProblem(othersAccount);
		assertNotFoundProblem(noSuchAccount);
		assertThat(othersAccount.body().replace(this.alice.account(), "ACCOUNT"))
			.isEqualTo(noSuchAccount.body().replace(unknown, "ACCOUNT"));
		assertThat(othersAccount.body()).doesNotContain("100.00", this.alice.subject());
		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("100.00");
		assertThat(this.bank.transfersFrom(this.alice.account())).isZero();
	}

	@Test
	void transferWhenToDoesNotExistThenNotFoundAndNothingRecorded() {
		String unknown = "acc-" + UUID.randomUUID().toString().substring(0, 18);

		Api.Response refused = transfer(this.alice, unknown, "5.00");

		assertNotFoundProblem(refused);
		assertThat(refused.json().get("detail").asString()).contains(unknown);
		assertThat(this.bank.transfersFrom(this.alice.account())).isZero();
		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("100.00");
	}

	@Test
	void transferWhenFundsDoNotSufficeThenDeclinedRecordedNothingMovedAndTokenSpent() {
		String token = TokenMint.transfer(this.alice.subject()).sign();
		String body = Api.transferBody(this.alice.account(), this.bob.account(), "100.01");

		Api.Response declined = this.api.transfer(token, body);

		JsonNode problem = ProblemAssertions.assertProblem(declined, 422);
		assertThat(problem.get("title").asString()).isEqualTo("Insufficient funds");
		assertThat(problem.get("detail").asString()).contains("declined");
		String id = problem.get("transferId").asString();
		Api.Response recorded = this.api.get("/transfers/" + id, TokenMint.balance(this.alice.subject()).sign());
		assertThat(recorded.status()).isEqualTo(200);
		assertThat(recorded.json().get("status").asString()).isEqualTo("declined");
		assertThat(recorded.json().get("amount").asString()).isEqualTo("100.01");
		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("100.00");
		assertThat(this.bank.balance(this.bob.account())).isEqualByComparingTo("50.00");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM ledger_entries WHERE transfer_id = ?").param(id).query(Long.class).single())
			.isZero();

		Api.Response replay = this.api.transfer(token, Api.transferBody(this.alice.account(), this.bob.account(), "1.00"));
		assertThat(replay.status()).isEqualTo(401);
		assertThat(Challenges.of(replay))
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"token has already been used\"");
		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("100.00");
		this.bank.assertInvariants();
	}

	@Test
	void transferWhenWholeBalanceMovesThenCompletedAndBalanceZero() {
		assertThat(transfer(this.alice, this.bob.account(), "100.00").status()).isEqualTo(201);

		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("0.00");
		assertThat(transfer(this.alice, this.bob.account(), "0.01").status()).isEqualTo(422);
	}

	@Test
	void transferWhenRefusedBeforeTheDecisionThenSameTokenStillMovesMoney() {
		String token = TokenMint.transfer(this.alice.subject()).sign();
		String unknown = "acc-" + UUID.randomUUID().toString().substring(0, 18);
		String usd = "usd-" + UUID.randomUUID().toString().substring(0, 18);
		this.bank.openAccount(usd, this.bob.subject(), "USD", "10.00");

		assertThat(this.api.transfer(token, Api.transferBody(this.alice.account(), unknown, "5.00")).status()).isEqualTo(404);
		assertThat(this.api.transfer(token, Api.transferBody(this.alice.account(), usd, "5.00")).status()).as("a target in another currency reads as unknown").isEqualTo(404);
		assertThat(this.api.transfer(token, Api.transferBody(this.alice.account(), this.bob.account(), "0")).status())
			.isEqualTo(400);
		Api.Response done = this.api.transfer(token, Api.transferBody(this.alice.account(), this.bob.account(), "5.00"));

		assertThat(done.status()).isEqualTo(201);
		assertThat(this.bank.balance(this.alice.account())).isEqualByComparingTo("95.00");
	}

	private Api.Response transfer(Customer from, String to, String amount) {
		return this.api.transfer(TokenMint.transfer(from.subject()).sign(), Api.transferBody(from.account(), to, amount));
	}

	private static void assertNotFoundProblem(Api.Response response) {
		assertThat(ProblemAssertions.assertProblem(response, 404).get("title").asString()).isEqualTo("Not found");
	}

}
