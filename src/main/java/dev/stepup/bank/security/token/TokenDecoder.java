package dev.stepup.bank.security.token;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import dev.stepup.bank.security.CompactJws;
import dev.stepup.bank.security.TokenError;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.unit.DataSize;

/**
 * Spring's {@code NimbusJwtDecoder} with two corrections at its edge. A key
 * source failure becomes {@link SigningKeysUnavailable} (a 503, not a 500),
 * except a refused refetch under the rate limit while cached keys are at hand,
 * which only means that no known key has the token's kid: that token is
 * invalid (401). And a token over the size limit, or one that is not spelled
 * as a compact JWS, is refused before any parsing.
 */
final class TokenDecoder implements JwtDecoder {

	/**
	 * Nimbus's own words when a refetch finds no key for the kid; a refetch the
	 * rate limiter refused says the same, so the answer to an unknown kid does not
	 * depend on how many other unknown kids came before it.
	 */
	static final String NO_MATCHING_KEY = "Signed JWT rejected: Another algorithm expected, or no matching key(s) found";

	static final String MALFORMED = "Malformed token";

	private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

	private final JwtDecoder delegate;

	private final JWKSource<SecurityContext> keys;

	private final long maxSizeBytes;

	TokenDecoder(JwtDecoder delegate, JWKSource<SecurityContext> keys, DataSize maxSize) {
		this.delegate = delegate;
		this.keys = keys;
		this.maxSizeBytes = maxSize.toBytes();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		if (token.length() > this.maxSizeBytes) {
			throw TokenError.rejected("too_large", "token is larger than " + this.maxSizeBytes + " bytes");
		}
		if (!CompactJws.isCanonical(token)) {
			throw TokenError.rejected("malformed", MALFORMED);
		}
		try {
			return this.delegate.decode(token);
		}
		catch (BadJwtException invalid) {
			throw invalid;
		}
		catch (JwtException failed) {
			if (hasCause(failed, RateLimitReachedException.class) && keysCached()) {
				throw TokenError.rejected("unknown_key_or_algorithm", NO_MATCHING_KEY);
			}
			if (hasCause(failed, KeySourceException.class)) {
				throw new SigningKeysUnavailable(failed);
			}
			throw failed;
		}
	}

	/**
	 * Whether the cache still holds keys. With none (a cold start, or an outage
	 * past its tolerance) the rate limiter also refuses the fetches that would
	 * bring keys back, and that is an outage (503), not a bad token.
	 */
	private boolean keysCached() {
		try {
			return !this.keys.get(ANY_KEY, null).isEmpty();
		}
		catch (KeySourceException unavailable) {
			return false;
		}
	}

	private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
		}
		return false;
	}

}
