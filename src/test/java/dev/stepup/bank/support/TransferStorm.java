package dev.stepup.bank.support;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

import dev.stepup.bank.support.Bank.Customer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real threads sending random transfers among a few accounts of their own, each
 * with a fresh transfer token, through one or more running instances; then
 * every book is checked against the responses and against the database.
 * Small opening balances and amounts up to 60.00 drive accounts to zero, so
 * declines happen alongside completions.
 */
public final class TransferStorm {

	private final Map<Customer, BigDecimal> openings = new LinkedHashMap<>();

	private final List<Move> completed = Collections.synchronizedList(new ArrayList<>());

	private final List<String> declined = Collections.synchronizedList(new ArrayList<>());

	private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

	private TransferStorm(Bank bank, String... openingBalances) {
		for (String opening : openingBalances) {
			this.openings.put(bank.newCustomer(opening), new BigDecimal(opening));
		}
	}

	/** Opens one account per opening balance, each for a new customer. */
	public static TransferStorm among(Bank bank, String... openingBalances) {
		return new TransferStorm(bank, openingBalances);
	}

	/** Runs {@code threads} threads of {@code transfersPerThread} transfers; thread i sends through instance i mod n. */
	public TransferStorm run(List<Api> instances, int threads, int transfersPerThread) throws InterruptedException {
		List<Customer> customers = List.copyOf(this.openings.keySet());
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Api api = instances.get(t % instances.size());
			Random random = new Random(31L * t + 7);
			Thread worker = new Thread(() -> {
				awaitQuietly(start);
				for (int i = 0; i < transfersPerThread; i++) {
					Customer from = customers.get(random.nextInt(customers.size()));
					Customer to = customers.get(random.nextInt(customers.size()));
					if (to.equals(from)) {
						to = customers.get((customers.indexOf(from) + 1) % customers.size());
					}
					String amount = BigDecimal.valueOf(1 + random.nextInt(6000), 2).toPlainString();
					send(api, from, to, amount);
				}
			}, "storm-" + t);
			worker.start();
			workers.add(worker);
		}
		start.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
		return this;
	}

	private void send(Api api, Customer from, Customer to, String amount) {
		Api.Response response = api.transfer(TokenMint.transfer(from.subject()).sign(),
				Api.transferBody(from.account(), to.account(), amount));
		switch (response.status()) {
			case 201 -> this.completed.add(new Move(response.json().get("id").asString(), from.account(), to.account(),
					new BigDecimal(response.json().get("amount").asString())));
			case 422 -> this.declined.add(response.json().get("transferId").asString());
			default -> this.unexpected.add(response.status() + " " + response.body());
		}
	}

	/**
	 * Every request was decided (201 or 422), both outcomes happened, each
	 * account holds its opening balance plus what the 201 responses moved, the
	 * database recorded exactly the decisions the clients saw, and the ledger
	 * invariants hold.
	 */
	public void assertBooksBalance(Bank bank, int expectedRequests) {
		assertThat(this.unexpected).as("responses other than 201 and 422").isEmpty();
		assertThat(this.completed.size() + this.declined.size()).isEqualTo(expectedRequests);
		assertThat(this.completed).as("completed transfers").isNotEmpty();
		assertThat(this.declined).as("declined transfers").isNotEmpty();
		BigDecimal total = BigDecimal.ZERO;
		for (Map.Entry<Customer, BigDecimal> account : this.openings.entrySet()) {
			String id = account.getKey().account();
			BigDecimal expected = account.getValue();
			for (Move move : this.completed) {
				expected = expected.add(move.to().equals(id) ? move.amount() : BigDecimal.ZERO)
					.subtract(move.from().equals(id) ? move.amount() : BigDecimal.ZERO);
			}
			BigDecimal balance = bank.balance(id);
			assertThat(balance).as("balance of %s against the 201 responses", id).isEqualByComparingTo(expected);
			assertThat(balance.signum()).as("balance of %s", id).isNotNegative();
			assertThat(bank.transfersFrom(id, "completed")).as("completed transfers recorded from %s", id)
				.isEqualTo(this.completed.stream().filter((move) -> move.from().equals(id)).count());
			total = total.add(balance);
		}
		assertThat(total).as("total of the storm's accounts")
			.isEqualByComparingTo(this.openings.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
		assertThat(this.openings.keySet().stream().mapToLong((c) -> bank.transfersFrom(c.account(), "declined")).sum())
			.as("declined transfers recorded").isEqualTo(this.declined.size());
		bank.assertInvariants();
	}

	private static void awaitQuietly(CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A completed transfer as its 201 response described it. */
	record Move(String id, String from, String to, BigDecimal amount) {
	}

}
