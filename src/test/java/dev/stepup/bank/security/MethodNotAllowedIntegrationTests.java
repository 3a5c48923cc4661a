package dev.stepup.bank.security;

import java.net.URI;
import java.net.http.HttpRequest;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.stepup.bank.support.ProblemAssertions.assertMissingToken;
import static dev.stepup.bank.support.ProblemAssertions.assertPlainProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A method the API's own path does not have is 405 with {@code Allow}, after
 * the token is checked: not a 403 that reads as a missing permission, never a
 * step towards moving money. HEAD is the GET it stands for, under the same
 * scope. Paths the API does not have stay 403.
 */
class MethodNotAllowedIntegrationTests extends AbstractTransferAttackTests {

	static final String METHOD_NOT_ALLOWED = "urn:stepup-bank:problem:method-not-allowed";

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', textBlock = """
			PUT    | /balance         | balance    | GET
			POST   | /balance         | balance    | GET
			DELETE | /balance         | balance    | GET
			PATCH  | /balance         | balance    | GET
			GET    | /transfer        | transfer   | POST
			PUT    | /transfer        | transfer   | POST
			DELETE | /transfer        | transfer   | POST
			PATCH  | /transfer        | transfer   | POST
			POST   | /transfers/t-1   | balance    | GET
			DELETE | /transfers/t-1   | balance    | GET
			GET    | /accounts        | operations | POST
			PUT    | /accounts/acc-1  | operations | GET
			DELETE | /accounts/acc-1  | operations | GET
			""")
	void callWhenTheMethodIsNotThePathsThenMethodNotAllowedWithAllowAndNothingMoved(String method, String path,
			String token, String allowed) {
		String transferToken = TokenMint.transfer(this.attempt.payer().subject()).sign();
		String sent = switch (token) {
			case "balance" -> TokenMint.balance(this.attempt.payer().subject()).sign();
			case "transfer" -> transferToken;
			default -> TokenMint.operations("back-office").sign();
		};

		Api.Response response = this.api.send(request(path, sent)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(this.attempt.body())));

		assertPlainProblem(response, 405, METHOD_NOT_ALLOWED);
		assertThat(response.header("Allow")).as("Allow").contains(allowed);
		this.attempt.assertNothingMoved();
		assertThat(this.api.transfer(transferToken, this.attempt.body()).status()).as("the transfer token afterwards")
			.isEqualTo(201);
	}

	@Test
	void transferWithAnotherMethodWhenNoTokenThenBareChallenge() {
		Api.Response response = this.api.send(request("/transfer", null)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(this.attempt.body())));

		assertMissingToken(response);
		this.attempt.assertNothingMoved();
	}

	@Test
	void headWhenTheTokenMayReadThenTheGetsStatusWithoutABody() {
		Api.Response response = this.api.send(request("/balance", TokenMint.balance(this.attempt.payer().subject())
			.sign()).method("HEAD", HttpRequest.BodyPublishers.noBody()));

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void headWhenTheTokenLacksTheReadScopeThenInsufficientScope() {
		Api.Response response = this.api.send(request("/balance", TokenMint.operations("back-office").sign())
			.method("HEAD", HttpRequest.BodyPublishers.noBody()));

		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("WWW-Authenticate")).contains("error=\"insufficient_scope\"")
			.contains("scope=\"view:balance\"");
	}

	@Test
	void callWhenThePathIsNotTheApisThenForbiddenWhateverTheToken() {
		Api.Response response = this.api.send(request("/admin", TokenMint.operations("back-office").sign()).GET());

		assertThat(response.status()).isEqualTo(403);
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.api.baseUrl() + path));
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

}
