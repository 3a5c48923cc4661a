package dev.stepup.bank.security.token;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.stepup.bank.security.TokenHash;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Tokens this instance has already verified and validated, so that a token a
 * front-end sends on every call pays for its RSA signature once. Bounded in
 * size; keyed by the SHA-256 of the whole token, so only the exact same bytes
 * hit; an entry never outlives the token's {@code exp}; and the whole cache is
 * emptied as soon as a fetched key set lacks a key an earlier one had, so that
 * no token stays accepted after its signing key has left the JWKS. What only
 * the step-up rules decide (scope, MFA, single use) is checked on every
 * request anyway: a cached transfer token is still spent exactly once.
 */
public final class VerifiedTokens {

	private static final Logger log = LoggerFactory.getLogger(VerifiedTokens.class);

	private final Cache<Digest, Jwt> verified;

	private final Clock clock;

	/** Moves on whenever keys disappear; an entry verified under an older generation is not kept. */
	private final AtomicLong keyGeneration = new AtomicLong();

	private volatile Set<String> knownKeys = Set.of();

	VerifiedTokens(int maxSize, Clock clock, MeterRegistry meters) {
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(maxSize)
			.expireAfter(Expiry.creating((Digest digest, Jwt jwt) -> untilExpiry(jwt)))
			.recordStats()
			.build();
		CaffeineCacheMetrics.monitor(meters, this.verified, "verified-tokens");
	}

	Jwt get(Digest digest) {
		Jwt jwt = this.verified.getIfPresent(digest);
		// Caffeine's expiry runs on its own ticker; the token's clock has the last word
		if (jwt != null && !this.clock.instant().isBefore(jwt.getExpiresAt())) {
			this.verified.invalidate(digest);
			return null;
		}
		return jwt;
	}

	long keyGeneration() {
		return this.keyGeneration.get();
	}

	/** Caches a token verified when the key generation was {@code generation}, unless keys have gone since. */
	void put(Digest digest, Jwt jwt, long generation) {
		if (jwt.getExpiresAt() == null) {
			return;
		}
		this.verified.put(digest, jwt);
		if (this.keyGeneration.get() != generation) {
			this.verified.invalidate(digest);
		}
	}

	long size() {
		this.verified.cleanUp();
		return this.verified.estimatedSize();
	}

	/** A JWKS source that reports every key set it fetches here before handing it on. */
	JWKSetSource<SecurityContext> watching(JWKSetSource<SecurityContext> origin) {
		return new JWKSetSource<>() {

			@Override
			public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context)
					throws com.nimbusds.jose.KeySourceException {
				JWKSet keys = origin.getJWKSet(refresh, currentTime, context);
				fetched(keys);
				return keys;
			}

			@Override
			public void close() throws java.io.IOException {
				origin.close();
			}

		};
	}

	/** Empties the cache when a key known before is missing from the new set (by thumbprint, so a reused kid counts too). */
	void fetched(JWKSet keys) {
		Set<String> now = keys.getKeys().stream().map(VerifiedTokens::thumbprint).collect(Collectors.toUnmodifiableSet());
		Set<String> before = this.knownKeys;
		this.knownKeys = now;
		if (!now.containsAll(before)) {
			this.keyGeneration.incrementAndGet();
			long dropped = this.verified.estimatedSize();
			this.verified.invalidateAll();
			log.info("signing keys left the JWKS; dropped about {} cached verified tokens", dropped);
		}
	}

	private static String thumbprint(JWK key) {
		try {
			return key.computeThumbprint().toString();
		}
		catch (JOSEException unusable) {
			return key.toJSONString();
		}
	}

	private Duration untilExpiry(Jwt jwt) {
		Duration left = Duration.between(this.clock.instant(), jwt.getExpiresAt());
		return left.isNegative() ? Duration.ZERO : left;
	}

	/** The SHA-256 of a whole token, as a cache key. */
	static final class Digest {

		private final byte[] hash;

		private final int hashCode;

		private Digest(byte[] hash) {
			this.hash = hash;
			this.hashCode = Arrays.hashCode(hash);
		}

		static Digest of(String token) {
			return new Digest(TokenHash.sha256(token));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Digest digest && MessageDigest.isEqual(this.hash, digest.hash);
		}

		@Override
		public int hashCode() {
			return this.hashCode;
		}

	}

}
