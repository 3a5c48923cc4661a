package dev.stepup.demo;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import dev.stepup.demo.testsupport.DemoTotp;
import dev.stepup.demo.testsupport.RunningDemo;
import dev.stepup.demo.testsupport.SignInClient;
import dev.stepup.demo.testsupport.SignInClient.AuthorizationRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.jwt.Jwt;

import static dev.stepup.demo.testsupport.SignInClient.redirectPath;
import static dev.stepup.demo.testsupport.SignInClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The step-up rule, seen from outside: which requests the server lets through on a
 * password, and what the tokens then say.
 */
class StepUpRuleIntegrationTests extends RunningDemo {

	private static final String MULTI_FACTOR_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

	private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

	private final SignInClient browser = new SignInClient(issuer());

	@Test
	void balanceScopeWhenPasswordOnlyThenTokenSaysPasswordAndNoMultiFactor() {
		Instant before = Instant.now().minusSeconds(1);

		Jwt token = verified(this.browser.accessToken("alice", ALICE_PASSWORD, "openid view:balance"));

		assertThat(token.getHeaders()).containsEntry("typ", "at+jwt").containsEntry("alg", "RS256");
		assertThat(token.getSubject()).isEqualTo("alice");
		assertThat(token.getAudience()).containsExactly("https://my-banking-api");
		assertThat(token.getClaimAsString("scope")).isEqualTo("openid view:balance");
		assertThat(token.getClaimAsString("client_id")).isEqualTo(SignInClient.WEB_CLIENT);
		assertThat(token.getId()).isNotBlank();
		assertThat(token.getClaimAsStringList("amr")).containsExactly("pwd");
		assertThat(token.getClaims()).doesNotContainKey("acr");
		assertThat(Instant.ofEpochSecond(((Number) token.getClaim("auth_time")).longValue()))
			.isBetween(before.truncatedTo(ChronoUnit.SECONDS), token.getIssuedAt());
	}

	@Test
	void transferScopeWhenOnlyPasswordThenSecondFactorAskedAndNoCodeIssued() {
		this.browser.signIn("alice", ALICE_PASSWORD);

		AuthorizationRequest request = this.browser.authorize("openid transfer:funds");

		assertThat(redirectPath(request.response())).isEqualTo("/login/otp");
		assertThat(request.response().headers().firstValue("Location").orElseThrow()).doesNotContain("code=");
	}

	@Test
	void transferScopeWhenWrongCodeThenCodePageAgainAndStillNoCode() {
		this.browser.signIn("alice", ALICE_PASSWORD);
		AuthorizationRequest request = this.browser.authorize("openid transfer:funds");

		HttpResponse<String> answer = this.browser.enterCode(DemoTotp.wrongCode("alice"));

		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).contains("That code did not match");
		String authorizationUrl = request.response().request().uri().toString();
		assertThat(redirectPath(this.browser.get(authorizationUrl))).isEqualTo("/login/otp");
	}

	@Test
	void transferScopeWhenSecondFactorPassedThenTokenCarriesMultiFactorClaims() {
		Instant before = Instant.now().minusSeconds(1);

		Jwt token = verified(this.browser.accessToken("alice", ALICE_PASSWORD, "openid transfer:funds"));

		assertThat(token.getHeaders()).containsEntry("typ", "at+jwt").containsEntry("alg", "RS256");
		assertThat(token.getSubject()).isEqualTo("alice");
		assertThat(token.getAudience()).containsExactly("https://my-banking-api");
		assertThat(token.getClaimAsString("scope")).isEqualTo("openid transfer:funds");
		assertThat(token.getClaimAsString("client_id")).isEqualTo(SignInClient.WEB_CLIENT);
		assertThat(token.getId()).isNotBlank();
		assertThat(token.getClaimAsStringList("amr")).containsExactly("pwd", "otp", "mfa");
		assertThat(token.getClaimAsString("acr")).isEqualTo(MULTI_FACTOR_ACR);
		Instant authTime = Instant.ofEpochSecond(((Number) token.getClaim("auth_time")).longValue());
		assertThat(authTime).isCloseTo(token.getIssuedAt(), within(Duration.ofSeconds(5)))
			.isAfterOrEqualTo(before.truncatedTo(ChronoUnit.SECONDS));
		assertThat(Duration.between(token.getIssuedAt(), token.getExpiresAt())).isLessThanOrEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void secondFactorWhenPassedOnceThenCountsForThatRequestOnly() {
		this.browser.accessToken("alice", ALICE_PASSWORD, "openid transfer:funds");

		AuthorizationRequest nextTransfer = this.browser.authorize("openid transfer:funds");
		AuthorizationRequest balance = this.browser.authorize("openid view:balance");

		assertThat(redirectPath(nextTransfer.response())).isEqualTo("/login/otp");
		Jwt balanceToken = verified(this.browser.redeem(balance, balance.response()).get("access_token").asString());
		assertThat(balanceToken.getClaimAsStringList("amr")).containsExactly("pwd");
	}

	@Test
	void acrValuesWhenNamingMultiFactorThenSecondFactorAsked() {
		this.browser.signIn("alice", ALICE_PASSWORD);

		AuthorizationRequest request = this.browser.authorize("openid view:balance",
				Map.of("acr_values", MULTI_FACTOR_ACR));

		assertThat(redirectPath(request.response())).isEqualTo("/login/otp");
	}

	@Test
	void maxAgeWhenSentThenSecondFactorAsked() {
		this.browser.signIn("alice", ALICE_PASSWORD);

		AuthorizationRequest request = this.browser.authorize("openid view:balance", Map.of("max_age", "300"));

		assertThat(redirectPath(request.response())).isEqualTo("/login/otp");
	}

	@Test
	void deviceGrantWhenBalanceScopeThenPasswordIsEnoughAndRefreshTokenWorks() {
		JsonNode device = deviceAuthorization("view:balance");
		this.browser.signIn("bob", BOB_PASSWORD);

		HttpResponse<String> verification = activate(device);

		assertThat(redirectPath(verification)).isEqualTo("/activate/consent");
		assertThat(redirectPath(allow(verification))).isEqualTo("/activated");
		JsonNode tokens = json(this.browser.post("/oauth2/token", deviceTokenRequest(device)));
		Jwt token = verified(tokens.get("access_token").asString());
		assertThat(token.getSubject()).isEqualTo("bob");
		assertThat(token.getClaimAsString("scope")).isEqualTo("view:balance");
		assertThat(token.getClaimAsStringList("amr")).containsExactly("pwd");
		JsonNode refreshed = json(this.browser.post("/oauth2/token", Map.of("grant_type", "refresh_token",
				"refresh_token", tokens.get("refresh_token").asString(), "client_id", SignInClient.DEVICE_CLIENT)));
		assertThat(verified(refreshed.get("access_token").asString()).getSubject()).isEqualTo("bob");
	}

	@Test
	void deviceGrantWhenTransferScopeThenNoTokenUntilSecondFactorAndRefreshCannotRenewIt() {
		JsonNode device = deviceAuthorization("view:balance transfer:funds");
		this.browser.signIn("bob", BOB_PASSWORD);

		HttpResponse<String> verification = activate(device);

		assertThat(redirectPath(verification)).isEqualTo("/login/otp");
		HttpResponse<String> pending = this.browser.post("/oauth2/token", deviceTokenRequest(device));
		assertThat(pending.statusCode()).isEqualTo(400);
		assertThat(json(pending).get("error").asString()).isEqualTo("authorization_pending");

		HttpResponse<String> resumed = this.browser.follow(this.browser.enterCode(DemoTotp.nextCode("bob")));

		assertThat(redirectPath(resumed)).isEqualTo("/activate/consent");
		assertThat(redirectPath(allow(resumed))).isEqualTo("/activated");
		JsonNode tokens = json(this.browser.post("/oauth2/token", deviceTokenRequest(device)));
		Jwt token = verified(tokens.get("access_token").asString());
		assertThat(token.getClaimAsString("scope")).isEqualTo("transfer:funds view:balance");
		assertThat(token.getClaimAsStringList("amr")).containsExactly("pwd", "otp", "mfa");
		assertThat(token.getClaimAsString("acr")).isEqualTo(MULTI_FACTOR_ACR);
		String refreshToken = tokens.get("refresh_token").asString();
		HttpResponse<String> renewal = this.browser.post("/oauth2/token", Map.of("grant_type", "refresh_token",
				"refresh_token", refreshToken, "client_id", SignInClient.DEVICE_CLIENT));
		assertThat(renewal.statusCode()).isEqualTo(400);
		assertThat(json(renewal).get("error").asString()).isEqualTo("invalid_scope");
		JsonNode narrowed = json(this.browser.post("/oauth2/token", Map.of("grant_type", "refresh_token",
				"refresh_token", refreshToken, "client_id", SignInClient.DEVICE_CLIENT, "scope", "view:balance")));
		assertThat(verified(narrowed.get("access_token").asString()).getClaimAsString("scope")).isEqualTo("view:balance");
	}

	@Test
	void discoveryWhenFetchedThenNamesIssuerJwksAndDeviceEndpoint() {
		JsonNode metadata = json(this.browser.get("/.well-known/openid-configuration"));

		assertThat(metadata.get("issuer").asString()).isEqualTo(issuer());
		assertThat(metadata.get("jwks_uri").asString()).isEqualTo(issuer() + "/oauth2/jwks");
		assertThat(metadata.get("device_authorization_endpoint").asString())
			.isEqualTo(issuer() + "/oauth2/device_authorization");
	}

	// What a person does with the link the terminal shows: open it, check the code, press Connect.
	private HttpResponse<String> activate(JsonNode device) {
		String userCode = device.get("user_code").asString();
		HttpResponse<String> page = this.browser.get(device.get("verification_uri_complete").asString());
		assertThat(page.body()).contains("value=\"" + userCode + "\"");
		return this.browser.submitForm(page, Map.of());
	}

	private HttpResponse<String> allow(HttpResponse<String> redirectToConsent) {
		return this.browser.submitForm(this.browser.follow(redirectToConsent), Map.of());
	}

	private static Map<String, String> deviceTokenRequest(JsonNode device) {
		return Map.of("grant_type", DEVICE_GRANT, "device_code", device.get("device_code").asString(), "client_id",
				SignInClient.DEVICE_CLIENT);
	}

	private JsonNode deviceAuthorization(String scope) {
		HttpResponse<String> response = this.browser.post("/oauth2/device_authorization",
				Map.of("client_id", SignInClient.DEVICE_CLIENT, "scope", scope));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode device = json(response);
		assertThat(device.get("verification_uri").asString()).isEqualTo(issuer() + "/activate");
		return device;
	}

}
