package dev.stepup.training;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;

/**
 * The image's AOT training run under load (Dockerfile). It starts the API with
 * the command after {@code --} (a JVM writing {@code -XX:AOTCacheOutput}),
 * pointed at a JWKS this process serves on 127.0.0.1 with a key it makes for
 * the run, sends what a bank's front-ends send (balance reads with one token,
 * transfers between the demo customers with fresh MFA tokens and keys, and the
 * usual refusals), checks every answer, and stops the API with SIGTERM, when
 * its JVM writes the cache. The cache then holds the request path's classes and
 * its method profiles (JEP 515), not only the start's. Nothing leaves the
 * build: H2 in memory, loopback only, the key forgotten with this process.
 *
 * <pre>
 * java -cp classes:/app/lib/* dev.stepup.training.TrainingRun [--reads-seconds 40] [--transfers 3000] \
 *     -- java -XX:AOTCacheOutput=/app/app.aot ... -jar /app/application.jar --spring.datasource.url=...
 * </pre>
 *
 * Exits non-zero, with the API's log, on any unexpected answer or a start
 * that does not come: a cache trained on refusals would be no cache at all.
 */
public final class TrainingRun {

	private final DemoAccessTokens tokens;

	private final URI api;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

	private final List<String> surprises = new ArrayList<>();

	TrainingRun(RSAKey key, String issuer, URI api) {
		this.tokens = new DemoAccessTokens(key, issuer, "aot-training");
		this.api = api;
	}

	public static void main(String[] args) throws Exception {
		int separator = List.of(args).indexOf("--");
		if (separator < 0 || separator == args.length - 1) {
			throw new IllegalArgumentException("usage: TrainingRun [--reads-seconds N] [--transfers N] -- <API command>");
		}
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < separator; i += 2) {
			options.put(args[i], args[i + 1]);
		}
		int readsSeconds = Integer.parseInt(options.getOrDefault("--reads-seconds", "40"));
		int transfers = Integer.parseInt(options.getOrDefault("--transfers", "3000"));
		List<String> command = new ArrayList<>(List.of(args).subList(separator + 1, args.length));

		RSAKey key = new RSAKeyGenerator(2048).keyID("aot-training").generate();
		HttpServer jwks = serveKeys(key);
		String issuer = issuer(jwks);
		int port = freePort();
		command.addAll(List.of("--server.port=" + port, "--server.address=127.0.0.1",
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + issuer + "/jwks"));
		Path log = Files.createTempFile("aot-training-api", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		int exit;
		TrainingRun run = new TrainingRun(key, issuer, URI.create("http://127.0.0.1:" + port));
		try {
			run.awaitReady(process, Duration.ofMinutes(3));
			run.train(Duration.ofSeconds(readsSeconds), transfers);
		}
		catch (Exception | AssertionError failed) {
			process.destroyForcibly();
			System.err.println(Files.readString(log));
			throw failed;
		}
		finally {
			// SIGTERM: a graceful stop, after which the JVM writes the cache
			process.destroy();
			exit = process.waitFor(5, TimeUnit.MINUTES) ? process.exitValue() : -1;
			jwks.stop(0);
		}
		System.out.println("AOT training: " + run.answers);
		// 143: the JVM ended by the SIGTERM it was sent
		List<String> surprises = run.surprises();
		if ((exit != 0 && exit != 143) || !surprises.isEmpty()) {
			System.err.println(Files.readString(log));
			surprises.forEach(System.err::println);
			System.err.println("AOT training failed: API exit " + exit + ", " + surprises.size() + " unexpected answers");
			System.exit(1);
		}
		Files.delete(log);
	}

	/** The key's public half at /jwks on a free loopback port. */
	static HttpServer serveKeys(RSAKey key) throws IOException {
		HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		byte[] keySet = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		jwks.createContext("/jwks", (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, keySet.length);
			exchange.getResponseBody().write(keySet);
			exchange.close();
		});
		jwks.start();
		return jwks;
	}

	static String issuer(HttpServer jwks) {
		return "http://127.0.0.1:" + jwks.getAddress().getPort();
	}

	Map<String, AtomicLong> answers() {
		return this.answers;
	}

	synchronized List<String> surprises() {
		return List.copyOf(this.surprises);
	}

	void awaitReady(Process process, Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException("the API ended during its start, exit " + process.exitValue());
			}
			try {
				if (send(HttpRequest.newBuilder(this.api.resolve("/actuator/health/readiness")).GET()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("the API was not ready within " + timeout);
	}

	/** Reads on eight connections for the given time, then transfers and refusals on two. */
	void train(Duration reads, int transfers) throws InterruptedException {
		String balanceToken = token("alice", "view:balance", false);
		long readsEnd = System.nanoTime() + reads.toNanos();
		List<Thread> readers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			readers.add(start(() -> read(balanceToken, readsEnd)));
		}
		join(readers);
		AtomicLong next = new AtomicLong();
		List<Thread> movers = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			movers.add(start(() -> {
				for (long n = next.getAndIncrement(); n < transfers; n = next.getAndIncrement()) {
					transferOrRefusal(n, balanceToken);
				}
			}));
		}
		join(movers);
	}

	/**
	 * GET /balance over one kept-alive connection until the deadline, as wrk
	 * sends it. The JDK's HttpClient spends about as much CPU on a request as
	 * the API does to answer it, and on the same cores the training run then
	 * sees a fifth of the reads: too few for the JIT to compile the read path
	 * as it does under real load, and the cache carries what it compiled.
	 */
	private void read(String token, long deadline) {
		byte[] request = ("GET /balance HTTP/1.1\r\nHost: " + this.api.getAuthority() + "\r\nAuthorization: Bearer "
				+ token + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		AtomicLong ok = this.answers.computeIfAbsent("balance 200", (k) -> new AtomicLong());
		while (System.nanoTime() < deadline) {
			// Tomcat closes a kept-alive connection after 100 requests (maxKeepAliveRequests): open the next
			try (Socket socket = new Socket(this.api.getHost(), this.api.getPort())) {
				socket.setSoTimeout(30_000);
				socket.setTcpNoDelay(true);
				OutputStream out = socket.getOutputStream();
				InputStream in = new BufferedInputStream(socket.getInputStream());
				Answer answer = new Answer(0, false);
				while (!answer.closes() && System.nanoTime() < deadline) {
					out.write(request);
					out.flush();
					answer = readAnswer(in);
					if (answer.status() == 200) {
						ok.incrementAndGet();
					}
					else {
						this.answers.computeIfAbsent("balance " + answer.status(), (k) -> new AtomicLong())
							.incrementAndGet();
						surprise("balance: expected 200, got " + answer.status());
					}
				}
			}
			catch (IOException ex) {
				surprise("balance: " + ex);
				return;
			}
		}
	}

	/** An HTTP/1.1 response's status, and whether the server closes the connection after it. */
	record Answer(int status, boolean closes) {
	}

	/** One HTTP/1.1 response off the connection, its body (sized or chunked) read past. */
	static Answer readAnswer(InputStream in) throws IOException {
		String statusLine = line(in);
		if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
			throw new IOException("not an HTTP/1.1 status line: " + statusLine);
		}
		int status = Integer.parseInt(statusLine.substring(9, 12));
		long length = 0;
		boolean chunked = false;
		boolean closes = false;
		for (String header = line(in); !header.isEmpty(); header = line(in)) {
			String name = header.substring(0, Math.max(header.indexOf(':'), 0)).trim().toLowerCase(Locale.ROOT);
			String value = header.substring(header.indexOf(':') + 1).trim().toLowerCase(Locale.ROOT);
			if (name.equals("content-length")) {
				length = Long.parseLong(value);
			}
			else if (name.equals("transfer-encoding")) {
				chunked = value.contains("chunked");
			}
			else if (name.equals("connection")) {
				closes = value.contains("close");
			}
		}
		if (!chunked) {
			in.skipNBytes(length);
			return new Answer(status, closes);
		}
		for (long size = chunkSize(in); size > 0; size = chunkSize(in)) {
			in.skipNBytes(size);
			line(in);
		}
		while (!line(in).isEmpty()) {
			// trailer fields, if any
		}
		return new Answer(status, closes);
	}

	private static long chunkSize(InputStream in) throws IOException {
		return Long.parseLong(line(in).split(";")[0].trim(), 16);
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.read(); c != '\n'; c = in.read()) {
			if (c < 0) {
				throw new IOException("the connection closed mid-response");
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	/** Most are transfers of 0.01 between alice and bob; every tenth is one of the refusals front-ends meet. */
	private void transferOrRefusal(long n, String balanceToken) {
		boolean toBob = (n % 2 == 0);
		String payer = toBob ? "alice" : "bob";
		String body = "{\"from\":\"" + payer + "-eur\",\"to\":\"" + (toBob ? "bob" : "alice")
				+ "-eur\",\"amount\":\"0.01\",\"currency\":\"EUR\"}";
		String transferToken = token(payer, "transfer:funds", true);
		switch ((int) (n % 10)) {
			case 1 -> expect("no token", 401, post(body, null));
			case 3 -> expect("no step-up", 403, post(body, balanceToken));
			case 5 -> expect("malformed", 400, post("{\"from\":\"" + payer + "-eur\"}", transferToken));
			case 7 -> {
				HttpResponse<String> created = expect("transfer", 201, post(body, transferToken));
				expect("replay", 401, post(body, transferToken));
				if (created != null && created.headers().firstValue("Location").isPresent()) {
					expect("transfer read", 200, HttpRequest
						.newBuilder(this.api.resolve(created.headers().firstValue("Location").get()))
						.header("Authorization", "Bearer " + token(payer, "view:balance", false))
						.GET());
				}
			}
			default -> expect("transfer", 201, post(body, transferToken));
		}
	}

	private HttpRequest.Builder post(String body, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.api.resolve("/transfer"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	private HttpResponse<String> expect(String what, int status, HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = send(request);
			this.answers.computeIfAbsent(what + " " + response.statusCode(), (k) -> new AtomicLong()).incrementAndGet();
			if (response.statusCode() != status) {
				surprise(what + ": expected " + status + ", got " + response.statusCode() + " " + response.body());
			}
			return response;
		}
		catch (IOException ex) {
			surprise(what + ": " + ex);
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private synchronized void surprise(String what) {
		if (this.surprises.size() < 20) {
			this.surprises.add(what);
		}
	}

	/** A token as the demo authorization server issues it, valid for 5 minutes. */
	String token(String subject, String scope, boolean afterMfa) {
		return this.tokens.sign(subject, scope, 300, afterMfa);
	}

	private static Thread start(Runnable work) {
		Thread thread = new Thread(work);
		thread.start();
		return thread;
	}

	private static void join(List<Thread> threads) throws InterruptedException {
		for (Thread thread : threads) {
			thread.join();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
