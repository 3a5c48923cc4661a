package dev.stepup.bank.support;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.stepup.bank.support.Bank.Customer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that behave as a bank's front-end should through a fault: each
 * transfer gets its own Idempotency-Key, and on 503 or 409 the client waits
 * (at most the {@code Retry-After}) and sends the same request again with the
 * same key and a fresh token, until it gets a decision (201 or 422). Every
 * answer is recorded with its time, so a test can assert the fault's cost: no
 * 500, no answer slower than a bound, every key decided once, money conserved.
 */
public final class RetryingClients {

	private final Map<Customer, BigDecimal> openings = new ConcurrentHashMap<>();

	private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());

	private final List<Decided> decided = Collections.synchronizedList(new ArrayList<>());

	private final List<String> undecided = Collections.synchronizedList(new ArrayList<>());

	private final AtomicLong started = new AtomicLong();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean stopping;

	private RetryingClients(Bank bank, int accounts) {
		for (int i = 0; i < accounts; i++) {
			this.openings.put(bank.newCustomer("300.00"), new BigDecimal("300.00"));
		}
	}

	/** Opens {@code accounts} accounts of 300.00 EUR, each for a new customer. */
	public static RetryingClients among(Bank bank, int accounts) {
		return new RetryingClients(bank, accounts);
	}

	/** Starts {@code count} clients sending transfers through whichever API {@code api} answers at the time. */
	public RetryingClients start(int count, Supplier<Api> api) {
		this.started.set(System.nanoTime());
		List<Customer> customers = List.copyOf(this.openings.keySet());
		for (int t = 0; t < count; t++) {
			Random random = new Random(17L * t + 3);
			Thread client = new Thread(() -> {
				while (!this.stopping) {
					Customer from = customers.get(random.nextInt(customers.size()));
					Customer to = customers.get((customers.indexOf(from) + 1 + random.nextInt(customers.size() - 1))
							% customers.size());
					transfer(api, from, to, BigDecimal.valueOf(1 + random.nextInt(9000), 2).toPlainString());
				}
			}, "retrying-client-" + t);
			client.start();
			this.threads.add(client);
		}
		return this;
	}

	/**
	 * The fault scenario: 2 s of load, then {@code fault}, {@code down} later
	 * {@code recovery}, 5 s more of load, then the clients finish and stop. Prints
	 * the bill under {@code name} and answers when recovery began (ms after the start).
	 */
	public long survive(String name, Runnable fault, Duration down, Runnable recovery) throws InterruptedException {
		Thread.sleep(2000);
		fault.run();
		Thread.sleep(down.toMillis());
		recovery.run();
		long recoveredAt = millisSinceStart();
		Thread.sleep(5000);
		stop(Duration.ofSeconds(30));
		System.out.println("FAULT " + name + ": " + summary() + ", first decision "
				+ millisToFirstDecisionAfter(recoveredAt) + " ms after the database came back");
		return recoveredAt;
	}

	/** Lets every client finish the transfer it is deciding, then stops them. */
	public RetryingClients stop(Duration atMost) throws InterruptedException {
		this.stopping = true;
		long deadline = System.nanoTime() + atMost.toNanos();
		for (Thread client : this.threads) {
			client.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			if (client.isAlive()) {
				client.interrupt();
				this.undecided.add(client.getName() + " still retrying after " + atMost);
			}
		}
		return this;
	}

	private void transfer(Supplier<Api> api, Customer from, Customer to, String amount) {
		String key = "fault-" + UUID.randomUUID();
		String body = Api.transferBody(from.account(), to.account(), amount);
		for (int attempt = 1; !Thread.currentThread().isInterrupted(); attempt++) {
			long sent = System.nanoTime();
			Api.Response response;
			try {
				response = api.get().transfer(TokenMint.transfer(from.subject()).sign(), body,
						Map.of("Idempotency-Key", key));
			}
			catch (IllegalStateException broken) {
				this.answers.add(new Answer(0, millisSinceStart(sent), millis(System.nanoTime() - sent)));
				pause(500);
				continue;
			}
			this.answers.add(new Answer(response.status(), millisSinceStart(sent), millis(System.nanoTime() - sent)));
			switch (response.status()) {
				case 201 -> {
					this.decided.add(new Decided(key, response.json().get("id").asString(), "completed", from.account(),
							to.account(), new BigDecimal(amount)));
					return;
				}
				case 422 -> {
					this.decided.add(new Decided(key, response.json().get("transferId").asString(), "declined",
							from.account(), to.account(), new BigDecimal(amount)));
					return;
				}
				case 503, 409 -> pause(Math.min(1000, retryAfterMillis(response)));
				default -> {
					this.undecided.add(key + " answered " + response.status() + " " + response.body());
					return;
				}
			}
			if (attempt > 200) {
				this.undecided.add(key + " still undecided after 200 attempts");
				return;
			}
		}
	}

	/** Answers by HTTP status (0: the connection failed), in status order. */
	public SortedMap<Integer, Long> byStatus() {
		SortedMap<Integer, Long> counts = new TreeMap<>();
		synchronized (this.answers) {
			this.answers.forEach((answer) -> counts.merge(answer.status(), 1L, Long::sum));
		}
		return counts;
	}

	public long longestAnswerMillis() {
		synchronized (this.answers) {
			return this.answers.stream().mapToLong(Answer::tookMillis).max().orElse(0);
		}
	}

	/** From {@code sinceMillis} (after the start), how long until a request sent then or later was decided. */
	public long millisToFirstDecisionAfter(long sinceMillis) {
		synchronized (this.answers) {
			return this.answers.stream()
				.filter((answer) -> answer.sentAtMillis() >= sinceMillis
						&& (answer.status() == 201 || answer.status() == 422))
				.mapToLong((answer) -> answer.sentAtMillis() + answer.tookMillis() - sinceMillis)
				.min()
				.orElse(-1);
		}
	}

	public long millisSinceStart() {
		return millisSinceStart(System.nanoTime());
	}

	public int decidedCount() {
		return this.decided.size();
	}

	/**
	 * The fault's bill: no 500 (nor any status outside the contract), no answer
	 * slower than {@code slowest}, every key decided by exactly one transfer in the
	 * database, which the client saw, each balance equal to its opening plus the
	 * completed transfers the clients were told about, and the ledger invariants.
	 */
	public void assertSurvived(Bank bank, Duration slowest) {
		assertThat(this.undecided).as("keys without a decision, or answered outside the contract").isEmpty();
		assertThat(byStatus().keySet()).as("statuses seen").isSubsetOf(201, 409, 422, 503);
		assertThat(longestAnswerMillis()).as("longest answer (ms)").isLessThan(slowest.toMillis());
		assertThat(this.decided).as("decided transfers").isNotEmpty();
		for (Decided one : this.decided) {
			List<Map<String, Object>> rows = bank.transfersUnderKey(one.key());
			assertThat(rows).as("transfers recorded under key %s", one.key()).hasSize(1);
			assertThat(rows.get(0).get("id")).as("the transfer the client was told about").isEqualTo(one.id());
			assertThat(rows.get(0).get("status")).isEqualTo(one.status());
		}
		BigDecimal total = BigDecimal.ZERO;
		for (Map.Entry<Customer, BigDecimal> account : this.openings.entrySet()) {
			String id = account.getKey().account();
			BigDecimal expected = account.getValue();
			long completedFrom = 0;
			for (Decided one : this.decided) {
				if (one.status().equals("completed")) {
					expected = expected.add(one.to().equals(id) ? one.amount() : BigDecimal.ZERO)
						.subtract(one.from().equals(id) ? one.amount() : BigDecimal.ZERO);
					completedFrom += one.from().equals(id) ? 1 : 0;
				}
			}
			assertThat(bank.balance(id)).as("balance of %s against the answers", id).isEqualByComparingTo(expected);
			assertThat(bank.transfersFrom(id, "completed")).as("completed transfers from %s", id)
				.isEqualTo(completedFrom);
			total = total.add(bank.balance(id));
		}
		BigDecimal opening = this.openings.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(total).as("money of the clients' accounts").isEqualByComparingTo(opening);
		bank.assertInvariants();
		System.out.println("FAULT money check: PASS (" + this.openings.size() + " accounts hold " + total
				+ " of " + opening + " opened, every balance matches the answers, " + this.decided.size()
				+ " keys each decided once, ledger invariants hold)");
	}

	/** One line a person can read: requests by status, longest answer, decisions. */
	public String summary() {
		return "requests by status " + byStatus() + ", longest answer " + longestAnswerMillis() + " ms, "
				+ decidedCount() + " keys decided";
	}

	private long millisSinceStart(long nanos) {
		return millis(nanos - this.started.get());
	}

	private static long millis(long nanos) {
		return nanos / 1_000_000;
	}

	private static long retryAfterMillis(Api.Response response) {
		String header = response.header("Retry-After");
		try {
			return header == null ? 1000 : Long.parseLong(header.trim()) * 1000;
		}
		catch (NumberFormatException ex) {
			return 1000;
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Answer(int status, long sentAtMillis, long tookMillis) {
	}

	record Decided(String key, String id, String status, String from, String to, BigDecimal amount) {
	}

}
