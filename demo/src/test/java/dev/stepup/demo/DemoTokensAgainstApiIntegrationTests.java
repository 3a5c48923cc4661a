package dev.stepup.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.stepup.demo.testsupport.ApiServer;
import dev.stepup.demo.testsupport.ProofHelper;
import dev.stepup.demo.testsupport.RunningApi;
import dev.stepup.demo.testsupport.RunningDemo;
import dev.stepup.demo.testsupport.SignInClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static dev.stepup.demo.testsupport.SignInClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens from the demo authorization server, judged by the real API: accepted where
 * the design says, refused with the design's challenges elsewhere.
 */
@ExtendWith(RunningApi.class)
class DemoTokensAgainstApiIntegrationTests extends RunningDemo {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** When set, calls go out as {@code Authorization: DPoP} with a fresh proof of this key. */
	private ProofHelper dpopKey;

	private String nonce;

	@Test
	void balanceTokenWhenReadingBalanceThenOwnAccountsOnly(ApiServer api) {
		String token = new SignInClient(issuer()).accessToken("bob", BOB_PASSWORD, "openid view:balance");

		HttpResponse<String> response = call(api, "GET", "/balance", token, null, null);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(json(response).get("accounts").findValuesAsString("id")).containsExactly("bob-eur");
	}

	@Test
	void balanceTokenWhenTransferringThenInsufficientScope(ApiServer api) throws IOException {
		this.dpopKey = ProofHelper.keygen();
		String token = new SignInClient(issuer()).bindingTokensTo(this.dpopKey)
			.accessToken("bob", BOB_PASSWORD, "openid view:balance");

		HttpResponse<String> response = call(api, "POST", "/transfer", token, transfer("bob-eur", "alice-eur", "1.00"),
				UUID.randomUUID().toString());

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
			.startsWith("DPoP error=\"insufficient_scope\"")
			.contains("scope=\"transfer:funds\"");
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
	}

	@Test
	void multiFactorTokenWithoutDpopWhenTransferringThenRefusedAsTheDemoRequiresDpop(ApiServer api) {
		String token = new SignInClient(issuer()).accessToken("bob", BOB_PASSWORD, "openid transfer:funds");

		HttpResponse<String> response = call(api, "POST", "/transfer", token, transfer("bob-eur", "alice-eur", "1.00"),
				UUID.randomUUID().toString());

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo(
				"DPoP error=\"invalid_token\", error_description=\"this call needs a DPoP-bound access token and a DPoP "
						+ "proof\", algs=\"ES256 PS256\", resource_metadata=\"" + api.url()
						+ "/.well-known/oauth-protected-resource\"");
	}

	@Test
	void multiFactorTokenWhenTransferringThenMoneyMovesOnceAndReplayRefused(ApiServer api) throws IOException {
		this.dpopKey = ProofHelper.keygen();
		SignInClient bob = new SignInClient(issuer()).bindingTokensTo(this.dpopKey);
		String balanceToken = bob.accessToken("bob", BOB_PASSWORD, "openid view:balance");
		String transferToken = bob.boundAccessToken("bob", BOB_PASSWORD, "openid transfer:funds",
				SignInClient.payment("bob-eur", "alice-eur", "1.00", "EUR"));
		BigDecimal before = balanceOf(api, balanceToken, "bob-eur");
		String body = transfer("bob-eur", "alice-eur", "1.00");
		String idempotencyKey = UUID.randomUUID().toString();

		HttpResponse<String> created = call(api, "POST", "/transfer", transferToken, body, idempotencyKey);

		assertThat(created.statusCode()).isEqualTo(201);
		assertThat(json(created).get("status").asString()).isEqualTo("completed");
		assertThat(balanceOf(api, balanceToken, "bob-eur")).isEqualByComparingTo(before.subtract(new BigDecimal("1.00")));
		HttpResponse<String> retry = call(api, "POST", "/transfer", transferToken, body, idempotencyKey);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(json(retry).get("id")).isEqualTo(json(created).get("id"));
		HttpResponse<String> replay = call(api, "POST", "/transfer", transferToken, body, UUID.randomUUID().toString());
		assertThat(replay.statusCode()).isEqualTo(401);
		assertThat(replay.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"")
			.contains("already been used");
		assertThat(balanceOf(api, balanceToken, "bob-eur")).isEqualByComparingTo(before.subtract(new BigDecimal("1.00")));
	}

	// The demo's API requires a bound token, and the demo server approves payments from the customer's own accounts only.
	@Test
	void multiFactorTokenNotBoundToThePaymentWhenTransferringThenInsufficientAuthorizationDetails(ApiServer api)
			throws IOException {
		this.dpopKey = ProofHelper.keygen();
		SignInClient bob = new SignInClient(issuer()).bindingTokensTo(this.dpopKey);
		String balanceToken = bob.accessToken("bob", BOB_PASSWORD, "openid view:balance");
		String unbound = bob.accessToken("bob", BOB_PASSWORD, "openid transfer:funds");
		BigDecimal before = balanceOf(api, balanceToken, "bob-eur");

		HttpResponse<String> response = call(api, "POST", "/transfer", unbound, transfer("bob-eur", "alice-eur", "1.00"),
				UUID.randomUUID().toString());

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo(
				"DPoP error=\"insufficient_authorization_details\", error_description=\"moving money needs a token bound "
						+ "to the payment (authorization_details of type payment_initiation)\", algs=\"ES256 PS256\", "
						+ "resource_metadata=\"" + api.url() + "/.well-known/oauth-protected-resource\"");
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(balanceOf(api, balanceToken, "bob-eur")).isEqualByComparingTo(before);
	}

	@Test
	void paymentFromSomeoneElsesAccountWhenAskedForThenTheServerRefusesToApproveIt() {
		SignInClient alice = new SignInClient(issuer());
		alice.signIn("alice", ALICE_PASSWORD);

		HttpResponse<String> answer = alice
			.push("openid transfer:funds",
					Map.of("authorization_details", SignInClient.payment("bob-eur", "alice-eur", "1.00", "EUR")))
			.authorization()
			.response();

		assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith(alice.redirectUri())
			.contains("error=invalid_authorization_details")
			.doesNotContain("code=");
	}

	@Test
	void tokenWhenSignatureTamperedThenInvalidToken(ApiServer api) {
		String token = new SignInClient(issuer()).accessToken("bob", BOB_PASSWORD, "openid view:balance");
		String tampered = token.substring(0, token.length() - 4)
				+ (token.endsWith("AAAA") ? "BBBB" : "AAAA");

		HttpResponse<String> response = call(api, "GET", "/balance", tampered, null, null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
	}

	private BigDecimal balanceOf(ApiServer api, String token, String accountId) {
		HttpResponse<String> response = call(api, "GET", "/balance", token, null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		for (JsonNode account : json(response).get("accounts")) {
			if (account.get("id").asString().equals(accountId)) {
				return new BigDecimal(account.get("balance").asString());
			}
		}
		throw new AssertionError(accountId + " not among the caller's accounts: " + response.body());
	}

	private static String transfer(String from, String to, String amount) {
		return "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}";
	}

	private HttpResponse<String> call(ApiServer api, String method, String path, String token, String body,
			String idempotencyKey) {
		HttpResponse<String> response = send(api, method, path, token, body, idempotencyKey);
		if (this.dpopKey != null && response.statusCode() == 401
				&& response.headers().firstValue("WWW-Authenticate").orElse("").contains("use_dpop_nonce")) {
			this.nonce = response.headers().firstValue("DPoP-Nonce").orElseThrow();
			return send(api, method, path, token, body, idempotencyKey);
		}
		return response;
	}

	private HttpResponse<String> send(ApiServer api, String method, String path, String token, String body,
			String idempotencyKey) {
		HttpRequest.Builder request = HttpRequest.newBuilder(api.url().resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", (this.dpopKey != null ? "DPoP " : "Bearer ") + token)
			.header("Accept", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		try {
			if (this.dpopKey != null) {
				request.header("DPoP", this.dpopKey.proof(method, api.url().resolve(path).toString(), token, this.nonce));
			}
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
