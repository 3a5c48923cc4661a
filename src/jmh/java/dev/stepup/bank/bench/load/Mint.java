package dev.stepup.bank.bench.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Signs tokens with the key {@link JwksServe} wrote.
 * <ul>
 * <li>{@code --kind transfer --count N --out FILE}: N lines for bench/wrk/bench.lua,
 * one POST /transfer each (token, Idempotency-Key, body; see
 * {@link BenchTokens#transferLine}), signed on every core.</li>
 * <li>{@code --kind token --subject S --scope "view:balance"}: one token on stdout.</li>
 * <li>{@code --kind jwt ...}: the same, typed {@code JWT} (for bench/vanilla).</li>
 * </ul>
 */
public final class Mint {

	private Mint() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments, "Mint --key FILE --issuer URL --lifetime SECONDS "
				+ "(--kind transfer --count N --customers N --out FILE | --kind token|jwt --subject S --scope SCOPE)");
		BenchTokens tokens = BenchTokens.load(args.path("key"), args.get("issuer"));
		long lifetime = args.number("lifetime");
		switch (args.get("kind")) {
			case "transfer" -> transfers(tokens, (int) args.number("count"), (int) args.number("customers"), lifetime,
					args.path("out"));
			case "token" -> System.out.println(tokens.token(args.get("subject"), args.get("scope"), lifetime));
			case "jwt" -> System.out.println(tokens.plainJwt(args.get("subject"), args.get("scope"), lifetime));
			default -> throw new IllegalArgumentException("--kind transfer, token or jwt");
		}
	}

	private static void transfers(BenchTokens tokens, int count, int customers, long lifetime, Path out)
			throws Exception {
		if (customers < 2) {
			throw new IllegalArgumentException("a transfer needs two bench customers");
		}
		int workers = Runtime.getRuntime().availableProcessors();
		long started = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(workers);
		try {
			List<Future<StringBuilder>> parts = new ArrayList<>();
			for (int w = 0; w < workers; w++) {
				int share = count / workers + (w < count % workers ? 1 : 0);
				parts.add(pool.submit(() -> {
					StringBuilder lines = new StringBuilder(share * 1100);
					for (int i = 0; i < share; i++) {
						lines.append(tokens.transferLine(customers, lifetime)).append('\n');
					}
					return lines;
				}));
			}
			try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
				for (Future<StringBuilder> part : parts) {
					writer.append(part.get());
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		System.err.printf("minted %d transfer tokens on %d threads in %.1f s (%.0f/s)%n", count, workers, seconds,
				count / seconds);
	}

}
