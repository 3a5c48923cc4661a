package dev.stepup.bank.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.stepup.bank.BankApplication;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.JwksServer;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Access tokens shaped like those of the providers banks run (Auth0, Okta,
 * Microsoft Entra ID v2, Keycloak), signed for real, against the API
 * configured with exactly the properties of the README's recipe for that
 * provider. Each must yield the right customer (from the provider's claim),
 * the right scopes (scope, scp array or string, permissions), the right
 * client (azp, cid, client_id) in the refusal audit and the transfer audit
 * alike, and the provider's MFA evidence (amr, acr levels, acrs).
 */
@ExtendWith(OutputCaptureExtension.class)
class ProviderTokenShapesIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static Stream<Provider> providers() {
		String tenant = "8eaef023-2b34-4da1-9baa-8bc8c9d6a490";
		String entraApi = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
		return Stream.of(
				new Provider("Auth0", "https://bank-test.eu.auth0.com/",
						List.of("token.customer-claim=https://bank.example/customer_id"), "https://api.bank.example",
						"C-1001", "hmL4qvWKp7cLzR9g2Tn1xY0aBcDeFgHi", Map.of(
								"aud", List.of("https://api.bank.example", "https://bank-test.eu.auth0.com/userinfo"),
								"sub", "auth0|64f1c0ffee00000000000001",
								"https://bank.example/customer_id", "C-1001",
								"azp", "hmL4qvWKp7cLzR9g2Tn1xY0aBcDeFgHi",
								"scope", "openid profile",
								"permissions", List.of("view:balance", "transfer:funds")),
						Map.of("amr", List.of("mfa")), TokenMint.MFA_ACR),
				new Provider("Okta", "https://bank-test.okta.com/oauth2/default",
						List.of("token.customer-claim=uid", "step-up.accepted-acr=urn:okta:loa:2fa:any"), "api://default",
						"00u1a2b3c4D5e6F7g8h9", "0oa1bankapp2b3c4d5e6", Map.of(
								"ver", 1,
								"sub", "carol@example.com",
								"uid", "00u1a2b3c4D5e6F7g8h9",
								"cid", "0oa1bankapp2b3c4d5e6",
								"scp", List.of("openid", "view:balance", "transfer:funds"),
								"amr", List.of("pwd"),
								"acr", "urn:okta:loa:1fa:pwd"),
						Map.of("amr", List.of("pwd", "otp"), "acr", "urn:okta:loa:2fa:any"),
						"urn:okta:loa:2fa:any"),
				new Provider("Entra ID", "https://login.microsoftonline.com/" + tenant + "/v2.0",
						List.of("token.customer-claim=oid", "step-up.accepted-acr=c1"), entraApi,
						"4b0d3f5e-8e4f-4a63-9c3e-0c4a1e2f9a11", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", Map.of(
								"ver", "2.0",
								"tid", tenant,
								"sub", "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
								"oid", "4b0d3f5e-8e4f-4a63-9c3e-0c4a1e2f9a11",
								"azp", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c",
								"azpacr", "0",
								"scp", "view:balance transfer:funds",
								"uti", "AbCdEfGhIjKlMnOpQrStUv"),
						Map.of("acrs", List.of("c1")), "c1"),
				new Provider("Keycloak", "https://sso.bank.example/realms/bank",
						List.of("step-up.accepted-acr=gold"), "https://my-banking-api",
						"f2a0c3d4-5b6e-4f70-8a9b-0c1d2e3f4a5b", "bank-app", Map.of(
								"sub", "f2a0c3d4-5b6e-4f70-8a9b-0c1d2e3f4a5b",
								"azp", "bank-app",
								"typ", "Bearer",
								"sid", "0b5f6a1e-d2c3-4b5a-8c9d-0e1f2a3b4c5d",
								"scope", "openid view:balance transfer:funds",
								"acr", "silver"),
						Map.of("acr", "gold"), "gold"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void tokensWhenShapedLikeTheProvidersThenCustomerScopesClientAndMfaReadRight(Provider provider,
			CapturedOutput output) {
		try (ConfigurableApplicationContext app = provider.start()) {
			Api api = new Api(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
			String account = "acc-" + UUID.randomUUID().toString().substring(0, 8);
			String payee = "payee-" + UUID.randomUUID().toString().substring(0, 8);
			String operator = provider.sign(Map.of("sub", "ops-client@clients", "scope", "bank:operations",
					"client_id", "ops-client", "jti", UUID.randomUUID().toString()));
			assertThat(api.post("/accounts", operator, opening(account, provider.customer(), "50.00")).status())
				.isEqualTo(201);
			assertThat(api.post("/accounts", operator, opening(payee, "someone-else", "0.00")).status()).isEqualTo(201);
			String body = Api.transferBody(account, payee, "20.00");
			String password = provider.sign(provider.passwordClaims());
			String mfa = provider.sign(provider.mfaClaims());

			Api.Response balance = api.get("/balance", password);
			Api.Response refused = api.transfer(password, body);
			Api.Response moved = api.transfer(mfa, body);
			Api.Response replay = api.transfer(mfa, body);

			assertThat(balance.status()).as(balance.body()).isEqualTo(200);
			assertThat(balance.json().get("accounts").get(0).get("id").asString()).isEqualTo(account);
			assertThat(Challenges.of(refused)).isEqualTo("Bearer error=\"insufficient_user_authentication\", "
					+ "acr_values=\"" + provider.acrValues()
					+ "\", error_description=\"moving money needs multi-factor authentication\"");
			assertThat(moved.status()).as(moved.body()).isEqualTo(201);
			assertThat(replay.status()).isEqualTo(401);
			assertThat(api.get("/balance", password).json().get("accounts").get(0).get("balance").asString())
				.isEqualTo("30.00");
			// the refusal for want of MFA, and the replay
			assertThat(clientIds(output, "stepup.refused")).hasSize(2).containsOnly(provider.client());
			assertThat(clientIds(output, "transfer.decided")).containsExactly(provider.client());
			assertThat(output.getAll()).doesNotContain(password).doesNotContain(mfa);
		}
	}

	/** The client_id of every audit event of this type in the JSON log lines written so far. */
	private static List<String> clientIds(CapturedOutput output, String event) {
		List<String> clients = new ArrayList<>();
		for (String line : output.getOut().split("\n")) {
			if (line.startsWith("{") && line.contains("\"event\":\"" + event + "\"")) {
				JsonNode json = JSON.readTree(line);
				clients.add(json.path("client_id").asString(null));
			}
		}
		return clients;
	}

	private static String opening(String id, String owner, String amount) {
		return "{\"id\":\"" + id + "\",\"owner\":\"" + owner + "\",\"currency\":\"EUR\",\"openingBalance\":\"" + amount
				+ "\"}";
	}

	/**
	 * A provider: its issuer, the README recipe's bank.security settings beyond
	 * issuer and audience, whom and which client its tokens name, the claims of a
	 * password-only token and what a second factor adds, and the acr_values the
	 * API asks for.
	 */
	record Provider(String name, String issuer, List<String> settings, String audience, String customer,
			String client, Map<String, Object> passwordShape, Map<String, Object> mfaShape, String acrValues) {

		ConfigurableApplicationContext start() {
			List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
					"--spring.datasource.url=jdbc:h2:mem:provider-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
					"--bank.demo-data.enabled=false", "--logging.structured.format.console=ecs",
					"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + this.issuer,
					"--spring.security.oauth2.resourceserver.jwt.audiences=" + this.audience,
					// the providers' hosts are not reachable from here: the test JWKS stands in for discovery
					"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + JwksServer.SHARED.jwksUri()));
			this.settings.forEach((setting) -> args.add("--bank.security." + setting));
			return new SpringApplicationBuilder(BankApplication.class).run(args.toArray(String[]::new));
		}

		Map<String, Object> passwordClaims() {
			Map<String, Object> claims = new LinkedHashMap<>();
			Instant now = Instant.now();
			claims.put("iss", this.issuer);
			claims.put("aud", this.audience);
			claims.put("iat", now.getEpochSecond());
			claims.put("nbf", now.getEpochSecond());
			claims.put("exp", now.getEpochSecond() + 300);
			claims.put("auth_time", now.getEpochSecond() - 10);
			// Entra ID issues no jti, only its own uti
			if (!this.passwordShape.containsKey("uti")) {
				claims.put("jti", UUID.randomUUID().toString());
			}
			claims.putAll(this.passwordShape);
			return claims;
		}

		Map<String, Object> mfaClaims() {
			Map<String, Object> claims = passwordClaims();
			claims.putAll(this.mfaShape);
			if (claims.get("uti") != null) {
				claims.put("uti", UUID.randomUUID().toString());
			}
			return claims;
		}

		String sign(Map<String, Object> claims) {
			Map<String, Object> all = new LinkedHashMap<>(claims);
			all.putIfAbsent("iss", this.issuer);
			all.putIfAbsent("aud", this.audience);
			all.putIfAbsent("iat", Instant.now().getEpochSecond());
			all.putIfAbsent("exp", Instant.now().getEpochSecond() + 300);
			JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
			all.forEach((name, value) -> {
				if (value != null) {
					set.claim(name, switch (name) {
						case "iat", "nbf", "exp" -> Date.from(Instant.ofEpochSecond(((Number) value).longValue()));
						default -> value;
					});
				}
			});
			try {
				SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TokenMint.KEY.getKeyID())
					.type(JOSEObjectType.JWT)
					.build(), set.build());
				jwt.sign(new RSASSASigner(TokenMint.KEY));
				return jwt.serialize();
			}
			catch (com.nimbusds.jose.JOSEException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
