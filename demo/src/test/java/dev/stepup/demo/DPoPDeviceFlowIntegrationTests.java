package dev.stepup.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.stepup.demo.testsupport.ApiServer;
import dev.stepup.demo.testsupport.DemoTotp;
import dev.stepup.demo.testsupport.ProofHelper;
import dev.stepup.demo.testsupport.RunningDemo;
import dev.stepup.demo.testsupport.SignInClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.annotation.DirtiesContext;

import static dev.stepup.demo.testsupport.SignInClient.json;
import static dev.stepup.demo.testsupport.SignInClient.redirectPath;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The curl walkthrough of demo/README.md with DPoP, step by step: the device
 * grant with a proof from {@code tools/DPoPProof.java} gets a DPoP-bound token
 * ({@code token_type} DPoP, {@code cnf.jkt} of the helper's key), the API
 * (DPoP required for transfers, nonces on, as the demo runs it) asks for a
 * nonce, reads and moves money with fresh proofs, refuses a replayed proof and
 * the token as Bearer, and a refresh with a proof stays bound to the key. The
 * transfer is the one approved with the device code ({@code authorization_details}),
 * as the demo's API requires.
 */
// alice lets a device in here; other classes show the consent page to a customer who never has
@DirtiesContext
class DPoPDeviceFlowIntegrationTests extends RunningDemo {

	private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

	private static ApiServer api;

	private final SignInClient browser = new SignInClient(issuer());

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void startTheApiAsTheDemoRunsIt() throws IOException {
		Optional<Path> jar = ApiServer.findJar();
		Assumptions.assumeTrue(jar.isPresent(), "no API jar in ../target: run ./mvnw -DskipTests package first");
		api = ApiServer.start(jar.get(), freePort(), issuer(), "api-server-dpop", ApiServer.DEMO_DPOP_SETTINGS);
	}

	@AfterAll
	static void stopTheApi() {
		if (api != null) {
			api.close();
		}
	}

	@Test
	void deviceGrantWithTheProofHelperThenBoundTokenMovesMoneyOnceWithNonceAndFreshProofs() throws IOException {
		ProofHelper key = ProofHelper.keygen();
		String tokenEndpoint = issuer() + "/oauth2/token";
		JsonNode device = json(this.browser.post("/oauth2/device_authorization",
				Map.of("client_id", SignInClient.DEVICE_CLIENT, "scope", "view:balance transfer:funds",
						"authorization_details", SignInClient.payment("alice-eur", "bob-eur", "5.00", "EUR"))));
		approveAsAliceWithSecondFactor(device);

		HttpResponse<String> tokenResponse = this.browser.post("/oauth2/token",
				Map.of("grant_type", DEVICE_GRANT, "device_code", device.get("device_code").asString(), "client_id",
						SignInClient.DEVICE_CLIENT),
				Map.of("DPoP", key.proof("POST", tokenEndpoint, null, null)));

		assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
		JsonNode tokens = json(tokenResponse);
		assertThat(tokens.get("token_type").asString()).isEqualTo("DPoP");
		String token = tokens.get("access_token").asString();
		Jwt jwt = verified(token);
		assertThat(jwt.getClaimAsMap("cnf")).containsEntry("jkt", key.thumbprint());

		String balanceUrl = api.url() + "/balance";
		HttpResponse<String> noNonce = call("GET", balanceUrl, "DPoP " + token, key.proof("GET", balanceUrl, token, null),
				null);
		assertThat(noNonce.statusCode()).isEqualTo(401);
		assertThat(noNonce.headers().firstValue("WWW-Authenticate").orElseThrow())
			.startsWith("DPoP error=\"use_dpop_nonce\"");
		String nonce = noNonce.headers().firstValue("DPoP-Nonce").orElseThrow();

		HttpResponse<String> balance = call("GET", balanceUrl, "DPoP " + token,
				key.proof("GET", balanceUrl, token, nonce), null);
		assertThat(balance.statusCode()).as(balance.body()).isEqualTo(200);
		assertThat(balance.body()).contains("\"alice-eur\"");

		String transferUrl = api.url() + "/transfer";
		String body = "{\"from\":\"alice-eur\",\"to\":\"bob-eur\",\"amount\":\"5.00\",\"currency\":\"EUR\"}";
		HttpResponse<String> asBearer = call("POST", transferUrl, "Bearer " + token, null, body);
		assertThat(asBearer.statusCode()).isEqualTo(401);
		assertThat(asBearer.headers().firstValue("WWW-Authenticate").orElseThrow())
			.startsWith("DPoP error=\"invalid_token\"");

		String transferProof = key.proof("POST", transferUrl, token, nonce);
		HttpResponse<String> transfer = call("POST", transferUrl, "DPoP " + token, transferProof, body);
		assertThat(transfer.statusCode()).as(transfer.body()).isEqualTo(201);
		HttpResponse<String> replay = call("POST", transferUrl, "DPoP " + token, transferProof, body);
		assertThat(replay.statusCode()).isEqualTo(401);
		assertThat(replay.headers().firstValue("WWW-Authenticate").orElseThrow()).isEqualTo(
				"DPoP error=\"invalid_dpop_proof\", error_description=\"DPoP proof has already been used\", "
						+ "algs=\"ES256 PS256\", resource_metadata=\"" + api.url() + "/.well-known/oauth-protected-resource\"");

		HttpResponse<String> refreshed = this.browser.post("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asString(),
						"client_id", SignInClient.DEVICE_CLIENT, "scope", "view:balance"),
				Map.of("DPoP", key.proof("POST", tokenEndpoint, null, null)));
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		assertThat(json(refreshed).get("token_type").asString()).isEqualTo("DPoP");
		assertThat(verified(json(refreshed).get("access_token").asString()).getClaimAsMap("cnf"))
			.containsEntry("jkt", key.thumbprint());
	}

	@Test
	void refreshOfABoundTokenWithAnotherKeysProofThenRefused() throws IOException {
		ProofHelper key = ProofHelper.keygen();
		ProofHelper thief = ProofHelper.keygen();
		String tokenEndpoint = issuer() + "/oauth2/token";
		JsonNode device = json(this.browser.post("/oauth2/device_authorization",
				Map.of("client_id", SignInClient.DEVICE_CLIENT, "scope", "view:balance")));
		this.browser.signIn("alice", ALICE_PASSWORD);
		assertThat(redirectPath(consented(activate(device)))).isEqualTo("/activated");
		JsonNode tokens = json(this.browser.post("/oauth2/token",
				Map.of("grant_type", DEVICE_GRANT, "device_code", device.get("device_code").asString(), "client_id",
						SignInClient.DEVICE_CLIENT),
				Map.of("DPoP", key.proof("POST", tokenEndpoint, null, null))));

		HttpResponse<String> stolen = this.browser.post("/oauth2/token",
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asString(),
						"client_id", SignInClient.DEVICE_CLIENT),
				Map.of("DPoP", thief.proof("POST", tokenEndpoint, null, null)));

		assertThat(stolen.statusCode()).isEqualTo(400);
		assertThat(json(stolen).get("error").asString()).isEqualTo("invalid_dpop_proof");
	}

	private void approveAsAliceWithSecondFactor(JsonNode device) {
		this.browser.signIn("alice", ALICE_PASSWORD);
		HttpResponse<String> verification = activate(device);
		assertThat(redirectPath(verification)).isEqualTo("/login/otp");
		HttpResponse<String> resumed = this.browser.follow(this.browser.enterCode(DemoTotp.nextCode("alice")));
		assertThat(redirectPath(consented(resumed))).isEqualTo("/activated");
	}

	/**
	 * Presses Allow when the consent page comes. Alice, not bob: consents are
	 * remembered by the shared demo server, and StepUpRuleIntegrationTests
	 * expects bob's consent page.
	 */
	private HttpResponse<String> consented(HttpResponse<String> response) {
		if (redirectPath(response).equals("/activate/consent")) {
			return this.browser.submitForm(this.browser.follow(response), Map.of());
		}
		return response;
	}

	private HttpResponse<String> activate(JsonNode device) {
		HttpResponse<String> page = this.browser.get(device.get("verification_uri_complete").asString());
		return this.browser.submitForm(page, Map.of());
	}

	private HttpResponse<String> call(String method, String url, String authorization, String proof, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", authorization)
			.method(method, body != null ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (proof != null) {
			request.header("DPoP", proof);
		}
		if (body != null) {
			request.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
		}
		try {
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

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
