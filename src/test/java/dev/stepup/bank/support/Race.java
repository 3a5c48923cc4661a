package dev.stepup.bank.support;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/** Requests released at the same instant, so that instances or threads really race for one decision. */
public final class Race {

	private Race() {
	}

	/** The statuses of the requests, sorted. */
	public static List<Integer> statuses(List<Supplier<Api.Response>> requests) {
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Api.Response>> race = requests.stream()
			.map((request) -> CompletableFuture.supplyAsync(() -> {
				awaitQuietly(start);
				return request.get();
			}))
			.toList();
		start.countDown();
		return race.stream().map(CompletableFuture::join).map(Api.Response::status).sorted().toList();
	}

	private static void awaitQuietly(CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
