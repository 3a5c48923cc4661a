package dev.stepup.bank.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Real threads released together by one latch, so their requests reach the API at the same instant. */
public final class Parallel {

	private Parallel() {
	}

	/** Runs {@code count} calls on as many threads and answers their results in submission order. */
	public static <T> List<T> all(int count, Supplier<T> call) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(count);
		try {
			CountDownLatch ready = new CountDownLatch(count);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(threads.submit(() -> {
					ready.countDown();
					start.await();
					return call.get();
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).as("all threads ready").isTrue();
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			threads.shutdownNow();
		}
	}

}
