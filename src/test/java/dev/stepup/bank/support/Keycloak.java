package dev.stepup.bank.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real Keycloak, in dev mode (in-memory database) on a free loopback port,
 * with a realm imported from the test resources. The distribution is the
 * {@code keycloak-quarkus-dist} zip from Maven Central, which the build unpacks
 * once under {@code ~/.cache/stepup-bank} ({@code keycloak.home}). Keycloak 26
 * needs Java 21 or later: this looks for one ({@code KEYCLOAK_JAVA_HOME}, the
 * running JVM, then every JDK in {@code /usr/lib/jvm}) and skips the test,
 * saying why, when there is none.
 */
public final class Keycloak implements AutoCloseable {

	private static final Duration STARTUP_LIMIT = Duration.ofSeconds(240);

	private final Process process;

	private final String issuer;

	private final Path logFile;

	private Keycloak(Process process, String issuer, Path logFile) {
		this.process = process;
		this.issuer = issuer;
		this.logFile = logFile;
	}

	/**
	 * Starts Keycloak with the realm {@code realmResource} (a classpath resource)
	 * and returns at once, so the caller can start what it needs meanwhile (the
	 * issuer is already known); {@link #awaitRealm()} waits until it serves the realm.
	 */
	public static Keycloak launch(String realmResource, String realm, Path logFile) {
		Path home = Path.of(System.getProperty("keycloak.home", "keycloak.home-not-set"));
		Assumptions.assumeTrue(Files.isRegularFile(home.resolve("bin/kc.sh")),
				() -> "no Keycloak distribution at " + home + " (the Maven build unpacks it; run through ./mvnw)");
		Optional<Path> java = java21OrLater();
		Assumptions.assumeTrue(java.isPresent(), "Keycloak 26 needs Java 21 or later, and none was found "
				+ "(KEYCLOAK_JAVA_HOME, this JVM, /usr/lib/jvm/*); .ci/run installs one");
		int port = freePort();
		try {
			Path imports = Files.createDirectories(home.resolve("data/import"));
			try (InputStream realmFile = Keycloak.class.getClassLoader().getResourceAsStream(realmResource)) {
				Files.copy(realmFile, imports.resolve(realm + "-realm.json"), StandardCopyOption.REPLACE_EXISTING);
			}
			Files.createDirectories(logFile.getParent());
			// through sh: an unpacked archive need not keep the script's executable bit
			ProcessBuilder builder = new ProcessBuilder("sh", home.resolve("bin/kc.sh").toString(), "start-dev",
					"--http-host=127.0.0.1", "--http-port=" + port, "--import-realm")
				.redirectErrorStream(true)
				.redirectOutput(logFile.toFile());
			builder.environment().put("JAVA_HOME", java.get().toString());
			builder.environment().put("KC_DB", "dev-mem");
			// jboss-threads resets thread locals by reflection; Java 24+ refuses without this
			builder.environment().put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
			return new Keycloak(builder.start(), "http://127.0.0.1:" + port + "/realms/" + realm, logFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The realm's issuer: what a Keycloak user sets as issuer-uri. */
	public String issuer() {
		return this.issuer;
	}

	public String endpoint(String name) {
		return this.issuer + "/protocol/openid-connect/" + name;
	}

	@Override
	public void close() {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.descendants().forEach(ProcessHandle::destroyForcibly);
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public void awaitRealm() throws IOException {
		Path logFile = this.logFile;
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest metadata = HttpRequest
			.newBuilder(URI.create(this.issuer + "/.well-known/openid-configuration"))
			.timeout(Duration.ofSeconds(5))
			.build();
		Instant deadline = Instant.now().plus(STARTUP_LIMIT);
		while (Instant.now().isBefore(deadline)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Keycloak stopped while starting:\n" + tail(logFile));
			}
			try {
				if (http.send(metadata, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			sleep(Duration.ofMillis(500));
		}
		close();
		throw new IllegalStateException("Keycloak did not serve its realm within " + STARTUP_LIMIT + ":\n"
				+ tail(logFile));
	}

	static Optional<Path> java21OrLater() {
		List<Path> candidates = new ArrayList<>();
		String configured = System.getenv("KEYCLOAK_JAVA_HOME");
		if (configured != null && !configured.isBlank()) {
			candidates.add(Path.of(configured));
		}
		candidates.add(Path.of(System.getProperty("java.home")));
		Path jvms = Path.of("/usr/lib/jvm");
		if (Files.isDirectory(jvms)) {
			try (Stream<Path> installed = Files.list(jvms)) {
				installed.sorted().forEach(candidates::add);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return candidates.stream()
			.filter((jdk) -> Files.isExecutable(jdk.resolve("bin/java")))
			.filter((jdk) -> featureVersion(jdk) >= 21)
			.findFirst();
	}

	/** The major version from the JDK's {@code release} file, 0 when it cannot be read. */
	private static int featureVersion(Path jdk) {
		Path release = jdk.resolve("release");
		if (!Files.isRegularFile(release)) {
			return 0;
		}
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(release)) {
			properties.load(in);
		}
		catch (IOException ex) {
			return 0;
		}
		String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
		String major = version.startsWith("1.") ? "8" : version.split("[.+-]")[0];
		try {
			return Integer.parseInt(major);
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String tail(Path logFile) throws IOException {
		List<String> lines = Files.readAllLines(logFile);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
