package dev.stepup.bank.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The benchmark's authorization server, as far as the API can see one: a fresh
 * RSA-2048 key whose public half is served as a JWKS on 127.0.0.1. The private
 * JWK goes to {@code --key-out} (mode 600) for {@link Mint} and
 * {@link TransferLoad}; the port, once the server listens, to {@code --port-out}.
 * Runs until killed; logs every key-set fetch (the API should fetch once, then
 * serve every token from its cache).
 */
public final class JwksServe {

	public static final String PATH = "/oauth2/jwks";

	private JwksServe() {
	}

	public static void main(String[] arguments) throws IOException, JOSEException {
		Args args = new Args(arguments, "JwksServe --key-out FILE --port-out FILE [--kid ID]");
		RSAKey key = new RSAKeyGenerator(2048).keyID(args.get("kid", "bench-" + System.currentTimeMillis()))
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.generate();
		writePrivately(args.path("key-out"), key.toJSONString());
		byte[] jwks = new JWKSet(List.<JWK>of(key.toPublicJWK())).toString().getBytes(StandardCharsets.UTF_8);

		AtomicInteger fetches = new AtomicInteger();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		server.createContext("/", (exchange) -> {
			try (exchange) {
				if (!"GET".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())) {
					exchange.sendResponseHeaders(404, -1);
					return;
				}
				System.out.println("jwks fetch #" + fetches.incrementAndGet() + " from " + exchange.getRemoteAddress());
				send(exchange, jwks);
			}
		});
		server.start();
		writePrivately(args.path("port-out"), Integer.toString(server.getAddress().getPort()));
		System.out.println("jwks on http://127.0.0.1:" + server.getAddress().getPort() + PATH + ", kid " + key.getKeyID());
	}

	private static void send(HttpExchange exchange, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	/** Written under a temporary name and moved, so a reader never sees half a file. */
	private static void writePrivately(Path target, String content) throws IOException {
		Path partial = target.resolveSibling(target.getFileName() + ".partial");
		Files.deleteIfExists(partial);
		Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.writeString(partial, content, StandardCharsets.UTF_8);
		Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

}
