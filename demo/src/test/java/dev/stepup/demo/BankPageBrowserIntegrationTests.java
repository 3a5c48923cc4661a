package dev.stepup.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.stepup.demo.testsupport.ApiServer;
import dev.stepup.demo.testsupport.DemoTotp;
import dev.stepup.demo.testsupport.RunningApi;
import dev.stepup.demo.testsupport.RunningDemo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole flow in headless Chromium: the banking page, the demo authorization
 * server and the API, each on its own origin, as a person would use them.
 */
@ExtendWith(RunningApi.class)
class BankPageBrowserIntegrationTests extends RunningDemo {

	private static final Path CHROMIUM = Path.of(System.getProperty("stepup.chromium", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getProperty("stepup.chromedriver", "/usr/bin/chromedriver"));

	private WebDriver browser;

	private WebDriverWait wait;

	@RegisterExtension
	final AfterTestExecutionCallback screenshotOnFailure = (context) -> {
		if (context.getExecutionException().isPresent() && this.browser != null) {
			Path shot = Path.of("target", "screenshots", context.getRequiredTestMethod().getName() + ".png");
			Files.createDirectories(shot.getParent());
			Files.write(shot, ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.BYTES));
		}
	};

	@BeforeEach
	void openBrowser(@TempDir Path profile) {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Chromium and chromedriver not found (apt-get install chromium chromium-driver); the browser test did not run");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void transferWhenSteppedUpWithAuthenticatorThenMoneyMovesOnceAndReplayIsRefused(ApiServer api) throws IOException {
		this.browser.get(issuer() + "/app/");
		click("sign-in");
		type("username", "alice");
		type("password", ALICE_PASSWORD);
		click("sign-in");
		BigDecimal before = balanceShown("alice-eur");

		type("to", "bob-eur");
		type("amount", "25.00");
		click("send");

		WebElement stepUp = visible("step-up");
		assertThat(stepUp.getText()).contains("second factor").contains("25.00 EUR to bob-eur");
		click("step-up-continue");
		type("code", DemoTotp.nextCode("alice"));
		click("verify");

		WebElement result = visible("result");
		assertThat(this.browser.findElement(By.id("result-status")).getText()).isEqualTo("completed");
		assertThat(result.getText()).contains("25.00 EUR").contains("bob-eur");
		this.wait.until((browser) -> balanceShown("alice-eur").compareTo(before.subtract(new BigDecimal("25.00"))) == 0);

		click("replay");

		WebElement refusal = visible("replay-outcome");
		assertThat(refusal.getText()).startsWith("Refused:").containsIgnoringCase("already been used");
		assertThat(refusal.getText()).doesNotContain("{").doesNotContain("\"status\"");
		assertThat(balanceShown("alice-eur")).isEqualByComparingTo(before.subtract(new BigDecimal("25.00")));
	}

	private BigDecimal balanceShown(String accountId) {
		WebElement balance = this.wait.until(ExpectedConditions
			.visibilityOfElementLocated(By.cssSelector("tr[data-account='" + accountId + "'] .balance")));
		return new BigDecimal(balance.getText());
	}

	private WebElement visible(String id) {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
	}

	private void click(String id) {
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
	}

	private void type(String id, String text) {
		WebElement field = visible(id);
		field.clear();
		field.sendKeys(text);
	}

}
