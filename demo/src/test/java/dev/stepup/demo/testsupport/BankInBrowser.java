package dev.stepup.demo.testsupport;

import java.math.BigDecimal;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The banking page, the demo authorization server and the API, each on its own origin,
 * in a fresh headless Chromium per test, used as a customer would.
 */
@ExtendWith(RunningApi.class)
public abstract class BankInBrowser extends RunningDemo {

	protected Browser browser;

	@RegisterExtension
	final AfterTestExecutionCallback screenshotOnFailure = (context) -> {
		if (context.getExecutionException().isPresent() && this.browser != null) {
			this.browser.screenshotOfFailure(context.getRequiredTestMethod().getName());
		}
	};

	@BeforeEach
	void openBrowser(@TempDir Path profile) {
		this.browser = Browser.open(profile);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	protected void openBank() {
		this.browser.get(issuer() + "/app/");
		this.browser.visible("sign-in");
	}

	/** Opens the bank and signs in with a password; returns once the balances show. */
	protected void signIn(String username, String password) {
		openBank();
		this.browser.click("sign-in");
		this.browser.type("username", username);
		this.browser.type("password", password);
		this.browser.click("sign-in");
		this.browser.visible("accounts-card");
		this.browser.visible("transfer-card");
	}

	/** Fills in the transfer form and presses Send. */
	protected void send(String to, String amount) {
		this.browser.type("to", to);
		this.browser.type("amount", amount);
		this.browser.click("send");
	}

	/** From the step-up card through the code page and back to the bank. */
	protected void confirmWithCode(String code) {
		this.browser.visible("step-up");
		this.browser.click("step-up-continue");
		this.browser.type("code", code);
		this.browser.click("verify");
	}

	/** The balance the page shows for {@code accountId}, as the API sent it. */
	protected BigDecimal balanceShown(String accountId) {
		return new BigDecimal(balanceCell(accountId).getDomAttribute("data-amount"));
	}

	/** Waits until the page shows {@code expected} for {@code accountId} (balances reload after a transfer). */
	protected void waitForBalance(String accountId, BigDecimal expected) {
		for (int attempt = 0; attempt < 40 && balanceShown(accountId).compareTo(expected) != 0; attempt++) {
			this.browser.script("return new Promise((resolve) => setTimeout(resolve, 250))");
		}
		assertThat(balanceShown(accountId)).isEqualByComparingTo(expected);
	}

	protected org.openqa.selenium.WebElement balanceCell(String accountId) {
		this.browser.visible("accounts-card");
		return this.browser.visible("accounts")
			.findElement(By.cssSelector("tr[data-account='" + accountId + "'] .balance"));
	}

	/** After a sign-out: the bank's signed-out page, no other. */
	protected void assertSignedOutPage() {
		this.browser.visible("signed-out-notice");
		this.browser.visible("sign-in");
		assertThat(this.browser.currentUrl().getPath()).isEqualTo("/app/");
		assertThat(this.browser.isShown("accounts-card")).isFalse();
		assertThat(this.browser.pageText()).doesNotContain("Whitelabel").doesNotContain("Exception");
	}

	/** Sign in again after a sign-out: the server must ask for the password, not let the old session through. */
	protected void assertSignInAsksForPassword() {
		this.browser.click("sign-in");
		this.browser.visible("password");
		assertThat(this.browser.currentUrl().getPath()).isEqualTo("/login");
		assertThat(this.browser.isShown("accounts-card")).isFalse();
	}

}
