package dev.stepup.bank.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Keys this instance has seen used (spent transfer tokens, used DPoP proofs),
 * each kept only until it is useless: until the token or proof it stands for
 * would be refused as expired anyway, plus a grace for clock skew. A bounded
 * cache in front of the table that is the truth, so that a replay this
 * instance has seen is answered without a database round trip; forgetting a
 * key early only costs that round trip.
 */
public final class RecentKeys {

	private final Clock clock;

	private final Duration grace;

	private final Cache<String, Instant> keys;

	/** {@code name} tags the {@code cache.*} meters ({@code cache=name}). */
	public RecentKeys(String name, long maxSize, Duration grace, Clock clock, MeterRegistry meters) {
		this.clock = clock;
		this.grace = grace;
		this.keys = Caffeine.newBuilder()
			.maximumSize(maxSize)
			.expireAfter(Expiry.creating((String key, Instant uselessAfter) -> remaining(uselessAfter)))
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.keys, name);
	}

	public boolean contains(String key) {
		return this.keys.getIfPresent(key) != null;
	}

	public void remember(String key, Instant uselessAfter) {
		this.keys.put(key, uselessAfter);
	}

	private Duration remaining(Instant uselessAfter) {
		Duration remaining = Duration.between(this.clock.instant(), uselessAfter).plus(this.grace);
		return remaining.isNegative() ? Duration.ZERO : remaining;
	}

}
