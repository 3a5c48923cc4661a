package dev.stepup.bank.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-rate load of POST /transfer for the heap test (bench/heap.sh): request
 * {@code i} is due at {@code start + i / rate}, and its token is minted right
 * before it is sent, so every token is fresh and used once, and a run of any
 * length needs no pre-minted pile and no relaxed token rules. Open-loop as far
 * as {@code --workers} allow: a slow answer does not delay the next due request
 * unless every worker is waiting; how far the load fell behind its schedule is
 * reported ({@code max lag}), so a rate the machine cannot hold shows. The run
 * ends after {@code --duration} seconds even when it is behind: the requests
 * still due then are not sent, and are counted as such.
 * <p>
 * Minting (one RSA-2048 signature per request) runs on the same cores as the
 * API: this measures memory under sustained load, not top speed.
 */
public final class TransferLoad {

	private final ConcurrentMap<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

	private final LongAdder errors = new LongAdder();

	private final LongAdder sent = new LongAdder();

	private final AtomicLong maxLagNanos = new AtomicLong();

	private TransferLoad() {
	}

	public static void main(String[] arguments) throws Exception {
		Args args = new Args(arguments, "TransferLoad --key FILE --issuer URL --url BASE-URL --rate PER-SECOND "
				+ "--duration SECONDS --customers N [--lifetime SECONDS] [--workers N] [--report-every SECONDS] "
				+ "[--summary-out FILE]");
		new TransferLoad().run(args);
	}

	private void run(Args args) throws Exception {
		BenchTokens tokens = BenchTokens.load(args.path("key"), args.get("issuer"));
		URI target = URI.create(args.get("url") + "/transfer");
		double rate = Double.parseDouble(args.get("rate"));
		long duration = args.number("duration");
		int customers = (int) args.number("customers");
		long lifetime = args.number("lifetime", 300);
		int workers = (int) args.number("workers", 64);
		long reportEvery = args.number("report-every", 30);
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
		long end = start + TimeUnit.SECONDS.toNanos(duration);
		double interval = 1e9 / rate;
		AtomicLong next = new AtomicLong();
		CountDownLatch finished = new CountDownLatch(workers);
		for (int w = 0; w < workers; w++) {
			Thread worker = new Thread(() -> {
				try {
					for (long i = next.getAndIncrement();; i = next.getAndIncrement()) {
						long due = start + (long) (i * interval);
						if (due >= end || System.nanoTime() >= end) {
							return;
						}
						long wait = due - System.nanoTime();
						if (wait > 0) {
							LockSupport.parkNanos(wait);
						}
						else {
							this.maxLagNanos.accumulateAndGet(-wait, Math::max);
						}
						send(http, target, tokens.transferLine(customers, lifetime));
					}
				}
				finally {
					finished.countDown();
				}
			}, "load-" + w);
			worker.setDaemon(true);
			worker.start();
		}
		long reported = start;
		while (!finished.await(1, TimeUnit.SECONDS)) {
			long now = System.nanoTime();
			if (now - reported >= TimeUnit.SECONDS.toNanos(reportEvery)) {
				reported = now;
				System.out.printf("load t=%ds %s%n", TimeUnit.NANOSECONDS.toSeconds(now - start), summary());
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		long due = (long) Math.ceil(duration * rate);
		System.out.printf("load done in %.0f s, %.1f/s sent (asked %.1f/s; %d of %d due requests not sent): %s%n",
				seconds, this.sent.sum() / seconds, rate, Math.max(0, due - this.sent.sum()), due, summary());
		String out = args.get("summary-out", null);
		if (out != null) {
			Files.writeString(java.nio.file.Path.of(out),
					"sent=" + this.sent.sum() + "\ncompleted=" + count(201) + "\ndeclined=" + count(422)
							+ "\nunanswered=" + this.errors.sum() + "\nnon2xx=" + non2xx() + "\n",
					StandardCharsets.UTF_8);
		}
	}

	private void send(HttpClient http, URI target, String line) {
		String[] parts = line.split("\t", 3);
		HttpRequest request = HttpRequest.newBuilder(target)
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + parts[0])
			.header("Idempotency-Key", parts[1])
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(parts[2]))
			.build();
		this.sent.increment();
		try {
			int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			this.statuses.computeIfAbsent(status, (s) -> new LongAdder()).increment();
		}
		catch (IOException ex) {
			this.errors.increment();
		}
		catch (InterruptedException ex) {
			this.errors.increment();
			Thread.currentThread().interrupt();
		}
	}

	private long count(int status) {
		LongAdder adder = this.statuses.get(status);
		return adder == null ? 0 : adder.sum();
	}

	private long non2xx() {
		return this.statuses.entrySet()
			.stream()
			.filter((e) -> e.getKey() < 200 || e.getKey() > 299)
			.mapToLong((e) -> e.getValue().sum())
			.sum();
	}

	private String summary() {
		Map<Integer, Long> byStatus = new TreeMap<>();
		this.statuses.forEach((status, n) -> byStatus.put(status, n.sum()));
		return String.format("sent=%d statuses=%s non2xx=%d io_errors=%d max_lag=%dms", this.sent.sum(), byStatus,
				non2xx(), this.errors.sum(), TimeUnit.NANOSECONDS.toMillis(this.maxLagNanos.get()));
	}

}
