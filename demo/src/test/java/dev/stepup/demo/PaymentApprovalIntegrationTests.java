package dev.stepup.demo;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import dev.stepup.demo.testsupport.DemoTotp;
import dev.stepup.demo.testsupport.RunningDemo;
import dev.stepup.demo.testsupport.SignInClient;
import dev.stepup.demo.testsupport.SignInClient.AuthorizationRequest;
import dev.stepup.demo.testsupport.SignInClient.PushedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

import static dev.stepup.demo.testsupport.SignInClient.json;
import static dev.stepup.demo.testsupport.SignInClient.payment;
import static dev.stepup.demo.testsupport.SignInClient.redirectPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payments approved with the second factor (RFC 9396 {@code authorization_details}
 * of type {@code payment_initiation}): pushed (RFC 9126) or sent on the device grant,
 * refused with {@code invalid_authorization_details} when their shape is wrong or
 * the money would leave someone else's account, shown to the customer in words on the
 * code page, and carried as approved in the access token.
 */
// alice lets a device in here; other classes show the consent page to a customer who never has
@DirtiesContext
class PaymentApprovalIntegrationTests extends RunningDemo {

	private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

	private static final String TWENTY_FIVE_TO_BOB = payment("alice-eur", "bob-eur", "25.00", "EUR");

	private final SignInClient browser = new SignInClient(issuer());

	@Test
	void pushedRequestWithPaymentThenCodePageShowsItAndTokenCarriesExactlyIt() {
		this.browser.signIn("alice", ALICE_PASSWORD);

		PushedRequest pushed = this.browser.push("openid transfer:funds",
				Map.of("authorization_details", TWENTY_FIVE_TO_BOB));

		assertThat(pushed.pushed().statusCode()).as(pushed.pushed().body()).isEqualTo(201);
		assertThat(json(pushed.pushed()).get("request_uri").asString()).startsWith("urn:ietf:params:oauth:request_uri:");
		AuthorizationRequest request = pushed.authorization();
		assertThat(redirectPath(request.response())).isEqualTo("/login/otp");
		HttpResponse<String> codePage = this.browser.get("/login/otp");
		assertThat(codePage.body()).contains("Approve a transfer of €25.00 from alice-eur to bob-eur");

		HttpResponse<String> approved = this.browser.follow(this.browser.enterCode(DemoTotp.nextCode("alice")));
		Jwt token = verified(this.browser.redeem(request, approved).get("access_token").asString());

		assertThat(token.getClaimAsStringList("amr")).contains("otp", "mfa");
		assertThat(token.getClaimAsString("scope")).isEqualTo("openid transfer:funds");
		assertThat(token.<List<Object>>getClaim("authorization_details")).containsExactly(Map.of("type",
				"payment_initiation", "locations", List.of("https://my-banking-api"), "instructedAmount",
				Map.of("currency", "EUR", "amount", "25.00"), "debtorAccount", Map.of("id", "alice-eur"),
				"creditorAccount", Map.of("id", "bob-eur")));
	}

	@Test
	void pushedRequestWithSeveralPaymentsThenEachShownAndNamedPayeeToo() {
		this.browser.signIn("alice", ALICE_PASSWORD);
		String two = "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1000\"},"
				+ "\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"},\"creditorName\":\"Bob\"},"
				+ "{\"type\":\"payment_initiation\",\"locations\":[\"https://my-banking-api\"],"
				+ "\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"0.005\"},"
				+ "\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"carol-eur\"}}]";

		PushedRequest pushed = this.browser.push("openid transfer:funds", Map.of("authorization_details", two));

		assertThat(redirectPath(pushed.authorization().response())).isEqualTo("/login/otp");
		assertThat(this.browser.get("/login/otp").body())
			.contains("Approve a transfer of €1,000.00 from alice-eur to Bob (bob-eur)")
			.contains("Approve a transfer of €0.005 from alice-eur to carol-eur");
	}

	// Each class of bad input: the pushed request is refused before any customer sees it.
	@ParameterizedTest
	@ValueSource(strings = {
			// unknown type
			"[{\"type\":\"account_information\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1.00\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			// missing amount
			"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			// amount a JSON number, not a decimal string
			"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":25.00},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			// amount a string, but not a plain decimal
			"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"2.5e1\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"-25.00\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"0.00\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			// wrong JSON types
			"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1.00\"},\"debtorAccount\":\"alice-eur\",\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			"[{\"type\":7,\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1.00\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1.00\"},\"debtorAccount\":{\"id\":[\"alice-eur\"]},\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			"[\"payment_initiation\"]",
			// not an array
			"{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1.00\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}",
			"[]", "not json", "",
			// more than the API can enforce, or for another API
			"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1.00\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"},\"executionDate\":\"2030-01-01\"}]",
			"[{\"type\":\"payment_initiation\",\"locations\":[\"https://other-api.example\"],\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1.00\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"XXY\",\"amount\":\"1.00\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}]",
			"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":\"1.00\"},\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"alice-eur\"}}]" })
	void pushedRequestWhenDetailsInvalidThenInvalidAuthorizationDetails(String details) {
		PushedRequest pushed = this.browser.push("openid transfer:funds", Map.of("authorization_details", details));

		assertThat(pushed.pushed().statusCode()).as(pushed.pushed().body()).isEqualTo(400);
		assertThat(json(pushed.pushed()).get("error").asString()).isEqualTo("invalid_authorization_details");
		assertThat(json(pushed.pushed()).get("error_description").asString()).isNotBlank();
		assertThat(pushed.authorization()).isNull();
	}

	@Test
	void pushedRequestWhenDetailsSentTwiceThenInvalidAuthorizationDetails() {
		MultiValueMap<String, String> form = pushedForm("code-challenge-of-this-test-0123456789abcdefghijk");
		form.add("authorization_details", TWENTY_FIVE_TO_BOB);
		form.add("authorization_details", payment("alice-eur", "bob-eur", "2500.00", "EUR"));

		HttpResponse<String> pushed = this.browser.post("/oauth2/par", form);

		assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(400);
		assertThat(json(pushed).get("error").asString()).isEqualTo("invalid_authorization_details");
	}

	// A public client pushes only with PKCE: the code its request leads to is then of use to it alone.
	@Test
	void pushedRequestByThePublicClientWithoutPkceThenUnauthorized() {
		MultiValueMap<String, String> form = pushedForm(null);
		form.add("authorization_details", TWENTY_FIVE_TO_BOB);

		HttpResponse<String> pushed = this.browser.post("/oauth2/par", form.toSingleValueMap(), Map.of());

		assertThat(pushed.statusCode()).isEqualTo(401);
		assertThat(pushed.body()).doesNotContain("request_uri");
	}

	@Test
	void pushedRequestWhenMoneyWouldLeaveSomeoneElsesAccountThenRefusedWithoutAskingForACode() {
		this.browser.signIn("alice", ALICE_PASSWORD);

		PushedRequest pushed = this.browser.push("openid transfer:funds",
				Map.of("authorization_details", payment("bob-eur", "alice-eur", "25.00", "EUR")));

		assertThat(pushed.pushed().statusCode()).isEqualTo(201);
		String location = pushed.authorization().response().headers().firstValue("Location").orElseThrow();
		assertThat(location).startsWith(this.browser.redirectUri());
		Map<String, String> answer = UriComponentsBuilder.fromUriString(location).build().getQueryParams()
			.toSingleValueMap();
		assertThat(answer).containsEntry("error", "invalid_authorization_details").doesNotContainKey("code");
		assertThat(java.net.URLDecoder.decode(answer.get("error_description"), java.nio.charset.StandardCharsets.UTF_8))
			.contains("bob-eur is not an account of the signed-in customer");
	}

	@Test
	void authorizationRequestWithDetailsInTheQueryThenCheckedTheSameWay() {
		this.browser.signIn("alice", ALICE_PASSWORD);

		AuthorizationRequest invalid = this.browser.authorize("openid transfer:funds",
				Map.of("authorization_details", "[{\"type\":\"payment_initiation\"}]"));
		AuthorizationRequest valid = this.browser.authorize("openid transfer:funds",
				Map.of("authorization_details", TWENTY_FIVE_TO_BOB));

		assertThat(invalid.response().headers().firstValue("Location").orElseThrow())
			.startsWith(this.browser.redirectUri()).contains("error=invalid_authorization_details");
		assertThat(redirectPath(valid.response())).isEqualTo("/login/otp");
		assertThat(this.browser.get("/login/otp").body())
			.contains("Approve a transfer of €25.00 from alice-eur to bob-eur");
	}

	@Test
	void deviceRequestWhenDetailsInvalidThenInvalidAuthorizationDetails() {
		HttpResponse<String> response = this.browser.post("/oauth2/device_authorization",
				Map.of("client_id", SignInClient.DEVICE_CLIENT, "scope", "transfer:funds", "authorization_details",
						"[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"EUR\",\"amount\":25},"
								+ "\"debtorAccount\":{\"id\":\"alice-eur\"},\"creditorAccount\":{\"id\":\"bob-eur\"}}]"));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("error").asString()).isEqualTo("invalid_authorization_details");
	}

	// Who the customer is, the device grant learns only when they approve the code: that is where ownership is checked.
	@Test
	void deviceRequestWhenApproverDoesNotOwnTheAccountThenRefusedWhenTheyApprove() {
		JsonNode device = deviceAuthorization(payment("bob-eur", "alice-eur", "25.00", "EUR"));
		this.browser.signIn("alice", ALICE_PASSWORD);

		HttpResponse<String> verification = activate(device);

		assertThat(redirectPath(verification)).isEqualTo("/activated");
		assertThat(verification.headers().firstValue("Location").orElseThrow()).endsWith("?refused");
		assertThat(this.browser.follow(verification).body()).contains("not yours");
		HttpResponse<String> token = this.browser.post("/oauth2/token", deviceTokenRequest(device));
		assertThat(token.statusCode()).isEqualTo(400);
		assertThat(json(token).get("error").asString()).isEqualTo("authorization_pending");
	}

	@Test
	void deviceRequestWithPaymentThenCodePageShowsItAndTokenCarriesIt() {
		JsonNode device = deviceAuthorization(TWENTY_FIVE_TO_BOB);
		this.browser.signIn("alice", ALICE_PASSWORD);

		HttpResponse<String> verification = activate(device);

		assertThat(redirectPath(verification)).isEqualTo("/login/otp");
		assertThat(this.browser.get("/login/otp").body())
			.contains("Approve a transfer of €25.00 from alice-eur to bob-eur");
		HttpResponse<String> resumed = this.browser.follow(this.browser.enterCode(DemoTotp.nextCode("alice")));
		if (redirectPath(resumed).equals("/activate/consent")) {
			resumed = this.browser.submitForm(this.browser.follow(resumed), Map.of());
		}
		assertThat(redirectPath(resumed)).isEqualTo("/activated");
		HttpResponse<String> token = this.browser.post("/oauth2/token", deviceTokenRequest(device));
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		Jwt jwt = verified(json(token).get("access_token").asString());
		assertThat((List<?>) jwt.getClaim("authorization_details")).hasSize(1);
		assertThat(jwt.getClaimAsString("authorization_details")).contains("bob-eur").contains("25.00");

		HttpResponse<String> refreshed = this.browser.post("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", json(token).get("refresh_token").asString(),
						"client_id", SignInClient.DEVICE_CLIENT, "scope", "view:balance"));
		assertThat(verified(json(refreshed).get("access_token").asString()).getClaims())
			.doesNotContainKey("authorization_details");
	}

	@Test
	void metadataWhenFetchedThenNamesPaymentInitiationAndPushedRequests() {
		for (String document : new String[] { "/.well-known/oauth-authorization-server",
				"/.well-known/openid-configuration" }) {
			JsonNode metadata = json(this.browser.get(document));

			assertThat(metadata.get("authorization_details_types_supported").valueStream().map(JsonNode::asString))
				.as(document)
				.containsExactly("payment_initiation");
			assertThat(metadata.get("pushed_authorization_request_endpoint").asString())
				.isEqualTo(issuer() + "/oauth2/par");
		}
	}

	private MultiValueMap<String, String> pushedForm(String codeChallenge) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("response_type", "code");
		form.add("client_id", SignInClient.WEB_CLIENT);
		form.add("redirect_uri", this.browser.redirectUri());
		form.add("scope", "openid transfer:funds");
		if (codeChallenge != null) {
			form.add("code_challenge", codeChallenge);
			form.add("code_challenge_method", "S256");
		}
		return form;
	}

	private JsonNode deviceAuthorization(String details) {
		HttpResponse<String> response = this.browser.post("/oauth2/device_authorization",
				Map.of("client_id", SignInClient.DEVICE_CLIENT, "scope", "view:balance transfer:funds",
						"authorization_details", details));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	private HttpResponse<String> activate(JsonNode device) {
		return this.browser.submitForm(this.browser.get(device.get("verification_uri_complete").asString()), Map.of());
	}

	private static Map<String, String> deviceTokenRequest(JsonNode device) {
		return Map.of("grant_type", DEVICE_GRANT, "device_code", device.get("device_code").asString(), "client_id",
				SignInClient.DEVICE_CLIENT);
	}

}
