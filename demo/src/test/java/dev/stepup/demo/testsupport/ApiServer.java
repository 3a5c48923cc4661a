package dev.stepup.demo.testsupport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The API, run from its jar at the repository root as a child process, with a fresh
 * database and the demo authorization server under test as its token issuer.
 */
public final class ApiServer implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(150);

	private final Process process;

	private final URI url;

	private final Path log;

	private ApiServer(Process process, URI url, Path log) {
		this.process = process;
		this.url = url;
		this.log = log;
	}

	/** The API jar: {@code -Dstepup.api.jar=...}, or the newest one built in {@code ../target}. */
	public static Optional<Path> findJar() {
		String configured = System.getProperty("stepup.api.jar");
		if (configured != null) {
			return Optional.of(Path.of(configured)).filter(Files::isRegularFile);
		}
		Path target = Path.of("..", "target");
		if (!Files.isDirectory(target)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().matches("stepup-bank-.*\\.jar"))
				.max((a, b) -> a.toFile().lastModified() < b.toFile().lastModified() ? -1 : 1);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** What {@code demo/run.sh} and docker-compose.yml turn on: DPoP required for transfers, nonces. */
	public static final List<String> DEMO_DPOP_SETTINGS = List.of("--bank.security.dpop.required-for-transfers=true",
			"--bank.security.dpop.nonce.enabled=true",
			"--bank.security.dpop.nonce.secret=demo-tests-nonce-secret-not-for-production");

	static ApiServer start(Path jar, int port, String issuer) throws IOException {
		return start(jar, port, issuer, "api-server", List.of());
	}

	/** An API of its own, with {@code settings} ({@code --name=value}) on top; output in target/{name}.log. */
	public static ApiServer start(Path jar, int port, String issuer, String name, List<String> settings)
			throws IOException {
		Path dataDirectory = Files.createTempDirectory("stepup-bank-e2e");
		Path log = Path.of("target", name + ".log");
		Files.createDirectories(log.getParent());
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-jar", jar.toString(),
				"--server.port=" + port, "--spring.datasource.url=jdbc:h2:file:" + dataDirectory.resolve("bank"),
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
				// as demo/run.sh runs it, less the explicit JWKS URI: the keys are found through the issuer's discovery document
				"--bank.web.cors.allowed-origins=" + issuer,
				"--bank.security.step-up.one-transfer-per-authentication=true",
				"--bank.security.step-up.authorization-details=required"));
		command.addAll(settings);
		Process process = new ProcessBuilder(command)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ApiServer server = new ApiServer(process, URI.create("http://localhost:" + port), log);
		server.awaitReady();
		return server;
	}

	public URI url() {
		return this.url;
	}

	// Ready when GET /balance without a token gets the API's own 401.
	private void awaitReady() throws IOException {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("the API exited with " + this.process.exitValue() + "; see " + this.log);
			}
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(this.url.resolve("/balance"))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 401) {
					return;
				}
			}
			catch (ConnectException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			pause();
		}
		close();
		throw new IllegalStateException("the API did not start within " + STARTUP_TIMEOUT + "; see " + this.log);
	}

	private static void pause() {
		try {
			Thread.sleep(500);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
