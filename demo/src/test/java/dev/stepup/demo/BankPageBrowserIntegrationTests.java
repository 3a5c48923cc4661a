package dev.stepup.demo;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

import dev.stepup.demo.testsupport.BankInBrowser;
import dev.stepup.demo.testsupport.DemoTotp;
import dev.stepup.demo.testsupport.SignInClient;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer's way through the banking page: balances and amounts in their
 * currency, the step-up for a transfer, mistakes caught before any code is asked, the
 * form kept across the round trip, and the pages around it.
 */
class BankPageBrowserIntegrationTests extends BankInBrowser {

	private static final BigDecimal TWENTY_FIVE = new BigDecimal("25.00");

	@Test
	void transferWhenSteppedUpWithAuthenticatorThenMoneyMovesOnceAndReplayIsRefused() {
		openBank();
		this.browser.screenshot("01-welcome");
		signIn("alice", ALICE_PASSWORD);
		BigDecimal before = balanceShown("alice-eur");
		assertThat(balanceCell("alice-eur").getText()).isEqualTo(euros(before));
		assertThat(this.browser.visible("to").getDomAttribute("placeholder")).doesNotContain("alice");
		this.browser.screenshot("02-accounts");

		send("bob-eur", "25.00");

		WebElement stepUp = this.browser.visible("step-up");
		assertThat(stepUp.getText()).contains("authenticator").contains("€25.00 to bob-eur")
			.doesNotContain("transfer:funds");
		this.browser.screenshot("03-step-up");
		this.browser.click("step-up-continue");
		this.browser.visible("code");
		this.browser.screenshot("04-code-page");
		this.browser.type("code", DemoTotp.nextCode("alice"));
		this.browser.click("verify");

		WebElement result = this.browser.visible("result");
		assertThat(this.browser.visible("result-status").getDomAttribute("data-status")).isEqualTo("completed");
		assertThat(this.browser.visible("result-status").getText()).doesNotContain("completed");
		assertThat(this.browser.visible("result-amount").getText()).isEqualTo("€25.00");
		assertThat(result.getText()).contains("bob-eur");
		BigDecimal after = before.subtract(TWENTY_FIVE);
		waitForBalance("alice-eur", after);
		assertThat(balanceCell("alice-eur").getText()).isEqualTo(euros(after));

		this.browser.click("replay");

		WebElement refusal = this.browser.visible("replay-outcome");
		assertThat(refusal.getText()).startsWith("Refused").contains("one transfer only")
			.doesNotContain("token").doesNotContain("{");
		this.browser.script("document.querySelector('#replay-outcome details').open = true");
		assertThat(this.browser.visible("replay-dev").getText()).contains("401")
			.contains("token has already been used");
		this.browser.screenshot("05-transfer-sent-replay-refused");
		assertThat(balanceShown("alice-eur")).isEqualByComparingTo(after);
	}

	@Test
	void transferWhenAmountOverBalanceThenRefusedBeforeAnyCodeAndFormKept() {
		signIn("alice", ALICE_PASSWORD);
		BigDecimal balance = balanceShown("alice-eur");
		String tooMuch = balance.add(BigDecimal.ONE).toPlainString();
		markPage();

		send("bob-eur", tooMuch);

		assertThat(this.browser.visible("amount-error").getText()).contains("more than").contains(euros(balance));
		assertRefusedOnThePage("bob-eur", tooMuch);
		this.browser.screenshot("06-over-balance");
	}

	@Test
	void transferWhenAmountMistakenThenRefusedBeforeAnyCode() {
		signIn("alice", ALICE_PASSWORD);
		markPage();

		Map<String, String> mistakes = Map.of("10000.01", "at most €10,000.00", "1.005", "at most 2 decimals", "0",
				"more than zero", "-5", "digits", "1e3", "digits", "25,00", "digits");
		mistakes.forEach((amount, message) -> {
			send("bob-eur", amount);
			assertThat(this.browser.visible("amount-error").getText()).as(amount).contains(message);
			assertRefusedOnThePage("bob-eur", amount);
		});
	}

	@Test
	void transferWhenAccountCannotBeOneThenRefusedBeforeAnyCode() {
		signIn("alice", ALICE_PASSWORD);
		markPage();

		for (String to : new String[] { "bob eur", "bob_eur", "-bob", "bob-eur!" }) {
			send(to, "5.00");
			assertThat(this.browser.visible("to-error").getText()).as(to).contains("letters, digits and dashes");
			assertThat(this.browser.isShown("step-up")).isFalse();
		}
		send("alice-eur", "5.00");
		assertThat(this.browser.visible("to-error").getText()).contains("sending from");
		assertRefusedOnThePage("alice-eur", "5.00");
	}

	// Whether an account exists only the API says, and only to a confirmed transfer: so the code comes first and
	// the form comes back filled in. The code approved that payee only, so the correction is approved anew.
	@Test
	void transferWhenRecipientUnknownThenFormKeptAndCorrectionApprovedWithANewCode() {
		signIn("alice", ALICE_PASSWORD);
		BigDecimal before = balanceShown("alice-eur");
		send("nobody-eur", "5.00");
		confirmWithCode(DemoTotp.nextCode("alice"));

		assertThat(this.browser.visible("problem").getText()).contains("nobody-eur").contains("Nothing was sent");
		assertThat(this.browser.valueOf("to")).isEqualTo("nobody-eur");
		assertThat(this.browser.valueOf("amount")).isEqualTo("5.00");
		assertThat(balanceShown("alice-eur")).isEqualByComparingTo(before);
		this.browser.screenshot("07-unknown-recipient");

		this.browser.type("to", "bob-eur");
		this.browser.click("send");

		assertThat(this.browser.visible("step-up-summary").getText()).isEqualTo("€5.00 to bob-eur");
		this.browser.click("step-up-continue");
		assertThat(this.browser.visible("approval").getText())
			.isEqualTo("Approve a transfer of €5.00 from alice-eur to bob-eur");
		this.browser.type("code", DemoTotp.nextCode("alice"));
		this.browser.click("verify");
		this.browser.visible("result");
		waitForBalance("alice-eur", before.subtract(new BigDecimal("5.00")));
	}

	@Test
	void codeWhenUsedForEarlierTransferThenCustomerToldToWaitForNextCode() {
		signIn("alice", ALICE_PASSWORD);
		String code = DemoTotp.nextCode("alice");
		send("bob-eur", "1.00");
		confirmWithCode(code);
		this.browser.visible("result");

		send("bob-eur", "2.00");
		confirmWithCode(code);

		assertThat(this.browser.visible("otp-used").getText()).contains("already used").contains("next code");
		assertThat(this.browser.isShown("otp-error")).isFalse();
		this.browser.screenshot("08-code-already-used");
		this.browser.type("code", DemoTotp.nextCode("alice"));
		this.browser.click("verify");
		assertThat(this.browser.visible("result-amount").getText()).isEqualTo("€2.00");
	}

	@Test
	void errorPagesWhenAnythingFailsThenTheDemosOwn() {
		this.browser.get(issuer() + "/oauth2/authorize?response_type=code&client_id=bank-web"
				+ "&redirect_uri=https://elsewhere.example/&scope=openid");
		this.browser.visible("error-page");
		assertThat(this.browser.pageText()).contains("That request did not work").doesNotContain("Whitelabel")
			.doesNotContain("Exception");
		this.browser.screenshot("12-error-page");

		signIn("alice", ALICE_PASSWORD);
		this.browser.get(issuer() + "/no-such-page");
		this.browser.visible("error-page");
		assertThat(this.browser.pageText()).doesNotContain("Whitelabel").doesNotContain("Exception");
		this.browser.click("back-to-bank");
		this.browser.visible("accounts-card");
	}

	@Test
	void deviceConsentWhenShownThenAllowAndDenySideBySide() {
		SignInClient terminal = new SignInClient(issuer());
		HttpResponse<String> device = terminal.post("/oauth2/device_authorization",
				Map.of("client_id", SignInClient.DEVICE_CLIENT, "scope", "view:balance"));
		String userCode = SignInClient.json(device).get("user_code").asString();
		String deviceCode = SignInClient.json(device).get("device_code").asString();

		// alice, who has never let a device in during this run: the consent page is only shown until she has.
		this.browser.get(issuer() + "/activate");
		this.browser.type("username", "alice");
		this.browser.type("password", ALICE_PASSWORD);
		this.browser.click("sign-in");
		this.browser.type("user_code", userCode);
		this.browser.screenshot("13-device-activate");
		this.browser.click("connect");

		WebElement allow = this.browser.visible("allow");
		WebElement deny = this.browser.visible("deny");
		assertThat(deny.getRect().getY()).isEqualTo(allow.getRect().getY());
		assertThat(deny.getRect().getHeight()).isEqualTo(allow.getRect().getHeight());
		this.browser.screenshot("14-device-consent");
		this.browser.click("deny");
		this.browser.visible("denied");
		assertThat(this.browser.currentUrl().getPath()).isEqualTo("/activated");
		HttpResponse<String> token = terminal.post("/oauth2/token",
				Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "client_id",
						SignInClient.DEVICE_CLIENT, "device_code", deviceCode));
		assertThat(SignInClient.json(token).get("error").asString()).isEqualTo("access_denied");
	}

	private static String euros(BigDecimal amount) {
		NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
		format.setCurrency(Currency.getInstance("EUR"));
		return format.format(amount);
	}

	// A mark that a page load or redirect would wipe: it proves the browser never left the page.
	private void markPage() {
		this.browser.script("window.stepUpTestMark = true");
	}

	private void assertRefusedOnThePage(String to, String amount) {
		assertThat(this.browser.isShown("step-up")).isFalse();
		assertThat(this.browser.isShown("problem")).isFalse();
		assertThat(this.browser.script("return window.stepUpTestMark")).isEqualTo(true);
		assertThat(this.browser.valueOf("to")).isEqualTo(to);
		assertThat(this.browser.valueOf("amount")).isEqualTo(amount);
	}

}
