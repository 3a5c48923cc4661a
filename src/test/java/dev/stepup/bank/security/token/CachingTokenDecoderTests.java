package dev.stepup.bank.security.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.stepup.bank.support.TokenMint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The verified-token cache: what it answers without verifying again, and when
 * it must not.
 */
class CachingTokenDecoderTests {

	private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

	private final MutableClock clock = new MutableClock(NOW);

	private final VerifiedTokens verified = new VerifiedTokens(100, this.clock, new SimpleMeterRegistry());

	private final CountingDecoder pipeline = new CountingDecoder();

	private final CachingTokenDecoder decoder = new CachingTokenDecoder(this.pipeline, this.verified);

	@Test
	void decodeWhenSameTokenAgainThenVerifiedOnce() {
		Jwt first = this.decoder.decode("token-a");
		Jwt second = this.decoder.decode("token-a");

		assertThat(second).isSameAs(first);
		assertThat(this.pipeline.decoded).containsExactly("token-a");
	}

	@Test
	void decodeWhenTokenDiffersByOneCharacterThenVerifiedAgain() {
		this.decoder.decode("token-a");
		this.decoder.decode("token-b");

		assertThat(this.pipeline.decoded).containsExactly("token-a", "token-b");
	}

	@Test
	void decodeWhenRefusedThenNotRemembered() {
		this.pipeline.refuse = true;
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode("forged"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode("forged"));

		assertThat(this.pipeline.decoded).containsExactly("forged", "forged");
	}

	@Test
	void decodeWhenTokenHasExpiredThenNotAnsweredFromCache() {
		this.decoder.decode("token-a");
		this.clock.set(NOW.plus(CountingDecoder.LIFETIME));
		this.pipeline.refuse = true;

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> this.decoder.decode("token-a"));
	}

	@Test
	void decodeWhenTokenCloseToExpiryThenStillAnsweredFromCache() {
		this.decoder.decode("token-a");
		this.clock.set(NOW.plus(CountingDecoder.LIFETIME).minusSeconds(1));

		this.decoder.decode("token-a");

		assertThat(this.pipeline.decoded).containsExactly("token-a");
	}

	@Test
	void decodeWhenSigningKeyLeftTheJwksThenVerifiedAgain() {
		RSAKey retiring = TokenMint.generate("retiring");
		this.verified.fetched(jwks(TokenMint.KEY, retiring));
		this.decoder.decode("token-a");

		this.verified.fetched(jwks(TokenMint.KEY));
		this.decoder.decode("token-a");

		assertThat(this.pipeline.decoded).containsExactly("token-a", "token-a");
	}

	@Test
	void decodeWhenKeyReplacedUnderTheSameKidThenVerifiedAgain() {
		this.verified.fetched(jwks(TokenMint.KEY));
		this.decoder.decode("token-a");

		this.verified.fetched(jwks(TokenMint.generate(TokenMint.KEY.getKeyID())));
		this.decoder.decode("token-a");

		assertThat(this.pipeline.decoded).containsExactly("token-a", "token-a");
	}

	@Test
	void decodeWhenKeyAddedToTheJwksThenStillAnsweredFromCache() {
		this.verified.fetched(jwks(TokenMint.KEY));
		this.decoder.decode("token-a");

		this.verified.fetched(jwks(TokenMint.KEY, TokenMint.generate("next")));
		this.decoder.decode("token-a");

		assertThat(this.pipeline.decoded).containsExactly("token-a");
	}

	@Test
	void decodeWhenKeysLeftWhileTokenWasBeingVerifiedThenResultNotRemembered() {
		this.verified.fetched(jwks(TokenMint.KEY, TokenMint.generate("retiring")));
		this.pipeline.during = () -> this.verified.fetched(jwks(TokenMint.KEY));
		this.decoder.decode("token-a");
		this.pipeline.during = () -> {
		};

		this.decoder.decode("token-a");

		assertThat(this.pipeline.decoded).containsExactly("token-a", "token-a");
	}

	@Test
	void cacheWhenMoreTokensThanItsSizeThenBounded() {
		for (int i = 0; i < 1_000; i++) {
			this.decoder.decode("token-" + i);
		}

		assertThat(this.verified.size()).isLessThanOrEqualTo(100);
	}

	private static JWKSet jwks(RSAKey... keys) {
		List<JWK> published = new ArrayList<>();
		for (RSAKey key : keys) {
			published.add(key.toPublicJWK());
		}
		return new JWKSet(published);
	}

	/** Stands for the signature and claim checks: accepts or refuses, and counts. */
	private final class CountingDecoder implements JwtDecoder {

		static final Duration LIFETIME = Duration.ofMinutes(5);

		final List<String> decoded = new ArrayList<>();

		boolean refuse;

		Runnable during = () -> {
		};

		@Override
		public Jwt decode(String token) {
			this.decoded.add(token);
			this.during.run();
			if (this.refuse) {
				throw new BadJwtException("refused");
			}
			Instant now = CachingTokenDecoderTests.this.clock.instant();
			return Jwt.withTokenValue(token)
				.header("alg", "RS256")
				.subject("alice")
				.issuedAt(now)
				.expiresAt(now.plus(LIFETIME))
				.build();
		}

	}

	private static final class MutableClock extends Clock {

		private final AtomicReference<Instant> now;

		MutableClock(Instant now) {
			this.now = new AtomicReference<>(now);
		}

		void set(Instant instant) {
			this.now.set(instant);
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
