package dev.stepup.bank;

import java.nio.file.Path;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.BankInstance;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default, an H2 file, stopped and started again: nothing decided is lost or forgotten. */
class RestartIntegrationTests {

	@TempDir
	Path data;

	@Test
	void restartOnTheSameH2FileThenBalancesTransfersAndSpentTokensSurvive() {
		String url = "jdbc:h2:file:" + this.data.resolve("bank") + ";LOCK_TIMEOUT=10000";
		String spentToken = TokenMint.transfer("alice").sign();
		JsonNode completed;
		String declinedId;
		try (BankInstance first = BankInstance.start(url)) {
			Api api = first.api();
			Api.Response created = api.transfer(spentToken, Api.transferBody("alice-eur", "bob-eur", "25.00"));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			completed = created.json();
			declinedId = ProblemAssertions.assertProblem(api.transfer(TokenMint.transfer("bob").sign(),
					Api.transferBody("bob-eur", "alice-eur", "600.00")), 422).get("transferId").asString();
		}

		try (BankInstance second = BankInstance.start(url)) {
			Api api = second.api();
			assertThat(balance(api, "alice")).as("demo seeding must not reset a balance").isEqualTo("975.00");
			assertThat(balance(api, "bob")).isEqualTo("525.00");
			Api.Response read = api.get("/transfers/" + completed.get("id").asString(),
					TokenMint.balance("alice").sign());
			assertThat(read.status()).isEqualTo(200);
			assertThat(read.json()).isEqualTo(completed);
			Api.Response declined = api.get("/transfers/" + declinedId, TokenMint.balance("bob").sign());
			assertThat(declined.json().get("status").asString()).isEqualTo("declined");

			Api.Response replay = api.transfer(spentToken, Api.transferBody("alice-eur", "bob-eur", "1.00"));

			assertThat(replay.status()).isEqualTo(401);
			assertThat(Challenges.of(replay))
				.isEqualTo("Bearer error=\"invalid_token\", error_description=\"token has already been used\"");
			assertThat(balance(api, "alice")).isEqualTo("975.00");
			second.bank().assertInvariants();
		}
	}

	private static String balance(Api api, String subject) {
		return api.get("/balance", TokenMint.balance(subject).sign()).json().get("accounts").get(0).get("balance").asString();
	}

}
