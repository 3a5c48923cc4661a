package dev.stepup.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import dev.stepup.demo.testsupport.BankInBrowser;
import dev.stepup.demo.testsupport.DemoTotp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-out ends the session at the authorization server in every state the page can be
 * in, lands on the bank's signed-out page, and the next sign-in asks for the password.
 */
class SignOutBrowserIntegrationTests extends BankInBrowser {

	private static final String ID_TOKEN = "bank.idToken";

	@Test
	void signOutWhenSignedInWithPasswordThenSessionEnds() {
		signIn("alice", ALICE_PASSWORD);

		this.browser.click("sign-out");

		assertSignedOutPage();
		this.browser.screenshot("10-signed-out");
		assertSignInAsksForPassword();
	}

	@Test
	void signOutWhenStepUpAbandonedAtCodePageThenSessionEnds() {
		signIn("alice", ALICE_PASSWORD);
		send("bob-eur", "5.00");
		this.browser.visible("step-up");
		this.browser.click("step-up-continue");
		this.browser.visible("code");

		this.browser.click("cancel");
		this.browser.visible("transfer-card");
		assertThat(this.browser.valueOf("to")).isEqualTo("bob-eur");
		assertThat(this.browser.valueOf("amount")).isEqualTo("5.00");
		this.browser.click("sign-out");

		assertSignedOutPage();
		assertSignInAsksForPassword();
	}

	@Test
	void signOutWhenSteppedUpThenSessionEnds() {
		signIn("bob", BOB_PASSWORD);
		send("alice-eur", "1.00");
		confirmWithCode(DemoTotp.nextCode("bob"));
		this.browser.visible("result");

		this.browser.click("sign-out");

		assertSignedOutPage();
		assertSignInAsksForPassword();
	}

	// The Whitelabel 400 of the issue: the ID token from before the second factor names the session by its old id.
	@Test
	void signOutWhenSteppedUpElsewhereWithOlderIdTokenThenConfirmedAndSessionEnds() {
		signIn("bob", BOB_PASSWORD);
		Object beforeStepUp = this.browser.script("return sessionStorage.getItem(arguments[0])", ID_TOKEN);
		send("alice-eur", "1.00");
		confirmWithCode(DemoTotp.nextCode("bob"));
		this.browser.visible("result");
		this.browser.script("sessionStorage.setItem(arguments[0], arguments[1])", ID_TOKEN, beforeStepUp);

		this.browser.click("sign-out");

		this.browser.visible("confirm-sign-out");
		assertThat(this.browser.pageText()).contains("Sign out?").doesNotContain("Whitelabel");
		this.browser.screenshot("11-sign-out-confirm");
		this.browser.click("confirm-sign-out");
		assertSignedOutPage();
		assertSignInAsksForPassword();
	}

	@Test
	void signOutWhenIdTokenExpiredThenSessionEnds() throws InterruptedException {
		signIn("alice", ALICE_PASSWORD);
		Instant expiresAt = Instant.ofEpochSecond(claimsOf(idToken()).get("exp").asLong());
		assertThat(Duration.between(Instant.now(), expiresAt)).isLessThanOrEqualTo(ID_TOKEN_TIME_TO_LIVE);
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 1500);

		this.browser.click("sign-out");

		assertSignedOutPage();
		assertSignInAsksForPassword();
	}

	@Test
	void signOutWhenPageHasNoIdTokenThenConfirmedAndSessionEnds() {
		signIn("alice", ALICE_PASSWORD);
		this.browser.script("sessionStorage.removeItem(arguments[0])", ID_TOKEN);

		this.browser.click("sign-out");

		this.browser.click("confirm-sign-out");
		assertSignedOutPage();
		assertSignInAsksForPassword();
	}

	@Test
	void signOutConfirmationWhenStayingSignedInThenSessionKept() {
		signIn("alice", ALICE_PASSWORD);
		this.browser.script("sessionStorage.removeItem(arguments[0])", ID_TOKEN);
		this.browser.click("sign-out");

		this.browser.click("stay-signed-in");
		this.browser.click("sign-in");

		this.browser.visible("accounts-card");
		assertThat(this.browser.currentUrl().getPath()).isEqualTo("/app/");
	}

	@Test
	void signOutWhenNotSignedInWithUnknownIdTokenThenSignedOutPage() {
		this.browser.get(issuer() + "/connect/logout?id_token_hint=not-a-token&post_logout_redirect_uri="
				+ issuer() + "/app/%3Fsigned-out");

		assertSignedOutPage();
	}

	private String idToken() {
		return JsonMapper.builder()
			.build()
			.readTree((String) this.browser.script("return sessionStorage.getItem(arguments[0])", ID_TOKEN))
			.asString();
	}

	private static tools.jackson.databind.JsonNode claimsOf(String jwt) {
		String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
		return JsonMapper.builder().build().readTree(payload);
	}

}
