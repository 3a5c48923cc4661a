package dev.stepup.demo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by chromedriver, in US English so amounts read
 * {@code €1,000.00}, with the page helpers the browser tests share and screenshots of
 * a screen at desktop and phone width.
 */
public final class Browser implements AutoCloseable {

	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Path CHROMIUM = Path.of(System.getProperty("stepup.chromium", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getProperty("stepup.chromedriver", "/usr/bin/chromedriver"));

	private static final Dimension DESKTOP = new Dimension(1280, 1000);

	private static final Dimension PHONE = new Dimension(390, 1200);

	private final WebDriver driver;

	private final WebDriverWait wait;

	private Browser(WebDriver driver) {
		this.driver = driver;
		this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
	}

	/** A new browser with an empty profile in {@code profile}; skips the test when Chromium is not installed. */
	public static Browser open(Path profile) {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
				"Chromium and chromedriver not found (apt-get install chromium chromium-driver); the browser test did not run");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--lang=en-US", "--hide-scrollbars",
				"--window-size=" + DESKTOP.width + "," + DESKTOP.height, "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new Browser(new ChromeDriver(service, options));
	}

	public void get(String url) {
		this.driver.get(url);
	}

	public URI currentUrl() {
		return URI.create(this.driver.getCurrentUrl());
	}

	public String pageText() {
		return this.driver.findElement(By.tagName("body")).getText();
	}

	public WebElement visible(String id) {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
	}

	public boolean isShown(String id) {
		return this.driver.findElements(By.id(id)).stream().anyMatch(WebElement::isDisplayed);
	}

	public void click(String id) {
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
	}

	public void type(String id, String text) {
		WebElement field = visible(id);
		field.clear();
		field.sendKeys(text);
	}

	public String valueOf(String id) {
		return visible(id).getDomProperty("value");
	}

	/** Runs {@code script} in every page from now on, before the page's own scripts (a test hook, never shipped). */
	public void beforeEveryPage(String script) {
		((ChromeDriver) this.driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
	}

	public Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	/** Waits until the page on {@code path} has loaded. */
	public void awaitPath(String path) {
		this.wait.until((driver) -> URI.create(driver.getCurrentUrl()).getPath().equals(path)
				&& "complete".equals(script("return document.readyState")));
	}

	/** Saves what the screen shows now, as {@code name-1280.png} and {@code name-390.png}. */
	public void screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			save(name + "-" + DESKTOP.width);
			this.driver.manage().window().setSize(PHONE);
			save(name + "-" + PHONE.width);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.driver.manage().window().setSize(DESKTOP);
		}
	}

	/** Saves the screen as it was when a test failed. */
	public void screenshotOfFailure(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		save("failed-" + name);
	}

	private void save(String file) throws IOException {
		Files.write(SCREENSHOTS.resolve(file + ".png"), ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES));
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
