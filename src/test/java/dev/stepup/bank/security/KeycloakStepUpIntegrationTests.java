package dev.stepup.bank.security;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.stepup.bank.BankApplication;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.Keycloak;
import dev.stepup.bank.support.OidcBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real Keycloak 26 configured for step-up the Keycloak way (realm
 * file {@code src/test/resources/keycloak/stepup-bank-realm.json}: ACR-to-LoA
 * mapping silver=1 / gold=2, a password for silver and a TOTP code for gold,
 * a client policy that authenticates every request for transfer:funds at gold,
 * an audience mapper), with the API configured as the README's Keycloak recipe
 * says and nothing else. The user logs in through Keycloak's own pages
 * (authorization code + PKCE), the back office opens her account for her
 * Keycloak id (a UUID) through POST /accounts, and the step-up flow runs.
 */
class KeycloakStepUpIntegrationTests {

	static final String CLIENT = "bank-app";

	static final String REDIRECT_URI = "http://127.0.0.1/callback";

	/** The realm's user, her password and her TOTP secret (the raw key, as Keycloak stores it). */
	static final String USER = "carol";

	static final String PASSWORD = "carol-test-password";

	static final byte[] TOTP_KEY = "stepup-bank-carol-otp-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8);

	static Keycloak keycloak;

	static ConfigurableApplicationContext bank;

	@BeforeAll
	static void startKeycloakAndTheApi() throws Exception {
		keycloak = Keycloak.launch("keycloak/stepup-bank-realm.json", "stepup-bank",
				Path.of("target/keycloak/keycloak.log"));
		// started while Keycloak starts: the API looks its issuer up on the first token, not before
		// the README's Keycloak recipe: issuer, audience, the ACR that proves MFA
		bank = new SpringApplicationBuilder(BankApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--spring.datasource.url=jdbc:h2:mem:keycloak;DB_CLOSE_DELAY=-1",
				"--bank.demo-data.enabled=false",
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + keycloak.issuer(),
				"--spring.security.oauth2.resourceserver.jwt.audiences=https://my-banking-api",
				"--bank.security.step-up.accepted-acr=gold",
				// Keycloak refreshes a stepped-up token with the same auth_time: one approval, one transfer
				"--bank.security.step-up.one-transfer-per-authentication=true");
		keycloak.awaitRealm();
	}

	@AfterAll
	static void stop() {
		if (bank != null) {
			bank.close();
		}
		if (keycloak != null) {
			keycloak.close();
		}
	}

	@Test
	void stepUpWhenRealKeycloakThenPasswordForBalanceOtpForOneTransferAndReplayRefused() throws Exception {
		Api api = new Api(bank.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
		OidcBrowser browser = new OidcBrowser(keycloak.endpoint("auth"), keycloak.endpoint("token"), CLIENT,
				REDIRECT_URI);

		OidcBrowser.Authorization login = browser.authorize(
				Map.of("scope", "openid view:balance", "acr_values", "silver"), KeycloakStepUpIntegrationTests::answer);
		JWTClaimsSet passwordClaims = claims(login.accessToken());
		assertThat(login.pages()).hasSize(1).allMatch((page) -> page.contains("password"));
		assertThat(passwordClaims.getStringClaim("acr")).isEqualTo("silver");
		String customer = passwordClaims.getSubject();

		String operator = OidcBrowser.clientCredentials(keycloak.endpoint("token"), "bank-operations",
				"bank-operations-test-secret").get("access_token").asString();
		String account = "carol-" + UUID.randomUUID().toString().substring(0, 8);
		String payee = "payee-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(api.post("/accounts", operator, opening(account, customer, "100.00")).status()).isEqualTo(201);
		assertThat(api.post("/accounts", operator, opening(payee, "merchant-" + UUID.randomUUID(), "0.00")).status())
			.isEqualTo(201);
		String transfer = Api.transferBody(account, payee, "25.00");

		Api.Response balance = api.get("/balance", login.accessToken());
		assertThat(balance.status()).as(balance.body()).isEqualTo(200);
		assertThat(balance.json().get("accounts").get(0).get("balance").asString()).isEqualTo("100.00");
		assertThat(Challenges.of(api.transfer(login.accessToken(), transfer)))
			.isEqualTo("Bearer error=\"insufficient_scope\", scope=\"transfer:funds\", "
					+ "error_description=\"moving money needs the transfer:funds scope\"");

		OidcBrowser.Authorization stepUp = browser.authorize(
				Map.of("scope", "openid view:balance transfer:funds", "acr_values", "gold"),
				KeycloakStepUpIntegrationTests::answer);
		// the client policy runs the transfer flow: who the user is, then always a fresh one-time code
		assertThat(stepUp.pages()).as("pages %s", stepUp.pages()).last().asString().contains("otp");
		assertThat(claims(stepUp.accessToken()).getStringClaim("acr")).isEqualTo("gold");
		Api.Response moved = api.transfer(stepUp.accessToken(), transfer);
		Api.Response replay = api.transfer(stepUp.accessToken(), transfer);

		assertThat(moved.status()).as(moved.body()).isEqualTo(201);
		assertThat(moved.json().get("from").asString()).isEqualTo(account);
		assertThat(replay.status()).isEqualTo(401);
		assertThat(Challenges.of(replay))
			.isEqualTo("Bearer error=\"invalid_token\", error_description=\"token has already been used\"");
		assertThat(api.get("/balance", stepUp.accessToken()).json().get("accounts").get(0).get("balance").asString())
			.isEqualTo("75.00");

		// a refresh gives a new token (new jti) from the same approval (same auth_time): it moves nothing
		String refreshed = OidcBrowser.refresh(keycloak.endpoint("token"), CLIENT,
				stepUp.tokens().get("refresh_token").asString()).get("access_token").asString();
		assertThat(claims(refreshed).getJWTID()).isNotEqualTo(claims(stepUp.accessToken()).getJWTID());
		assertThat(claims(refreshed).getClaim("auth_time")).isEqualTo(claims(stepUp.accessToken()).getClaim("auth_time"));
		Api.Response again = api.transfer(refreshed, transfer);
		assertThat(again.status()).as(again.body()).isEqualTo(401);
		assertThat(Challenges.of(again)).isEqualTo("Bearer error=\"insufficient_user_authentication\", "
				+ "acr_values=\"gold\", max_age=0, error_description=\"" + Challenges.AUTHENTICATION_USED + "\"");

		// Keycloak's own rule: a request for transfer:funds costs a fresh code even at silver (the next
		// 30-second code: Keycloak refuses a code twice, and its look-ahead window takes the next one).
		// Keycloak then reports the acr asked for, silver, which the API does not take for a transfer.
		OidcBrowser.Authorization silverAsked = browser.authorize(
				Map.of("scope", "openid view:balance transfer:funds", "acr_values", "silver"),
				(page) -> page.fields().contains("otp") ? Map.of("otp", totp(Instant.now().getEpochSecond() / 30 + 1))
						: answer(page));
		assertThat(silverAsked.pages()).as("pages %s", silverAsked.pages()).last().asString().contains("otp");
		Api.Response silver = api.transfer(silverAsked.accessToken(), transfer);
		assertThat(silver.status()).isEqualTo(401);
		assertThat(Challenges.of(silver)).isEqualTo("Bearer error=\"insufficient_user_authentication\", "
				+ "acr_values=\"gold\", error_description=\"moving money needs multi-factor authentication\"");
		new Bank(bank.getBean(JdbcClient.class)).assertInvariants();
	}

	/** The user at Keycloak's pages: her password on the login form, the current code on the OTP form. */
	private static Map<String, String> answer(OidcBrowser.Page page) {
		if (page.fields().contains("password")) {
			return Map.of("username", USER, "password", PASSWORD);
		}
		if (page.fields().contains("otp")) {
			return Map.of("otp", totp(Instant.now().getEpochSecond() / 30));
		}
		throw new IllegalStateException("unexpected page " + page.title() + " " + page.fields() + "\n" + page.text());
	}

	/** RFC 6238 with Keycloak's defaults: HMAC-SHA1, 6 digits, 30-second steps. */
	static String totp(long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(TOTP_KEY, "HmacSHA1"));
			byte[] hash = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return String.format("%06d", binary % 1_000_000);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWTClaimsSet claims(String token) throws java.text.ParseException {
		return SignedJWT.parse(token).getJWTClaimsSet();
	}

	private static String opening(String id, String owner, String amount) {
		return "{\"id\":\"" + id + "\",\"owner\":\"" + owner + "\",\"currency\":\"EUR\",\"openingBalance\":\"" + amount
				+ "\"}";
	}

}
