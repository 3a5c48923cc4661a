package dev.stepup.bank.security.token;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
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
		if (!isCompactJws(token)) {
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

	/**
	 * Exactly three parts of base64url without padding, each in its one
	 * canonical spelling (RFC 7515 section 7.1, section 2 of its appendix C),
	 * header and payload non-empty. An empty signature is let through: an
	 * unsecured JWT ({@code alg: none}) is refused by the algorithm check, which
	 * says so.
	 * Nimbus's decoder skips characters outside the alphabet, takes padding and
	 * ignores a last character's unused bits, so {@code sig~}, {@code sig==} and
	 * a last character one off all verified as the same token; each would also
	 * be a separate entry in the verified-token cache.
	 */
	static boolean isCompactJws(String token) {
		int parts = 0;
		int start = 0;
		for (int i = 0; i <= token.length(); i++) {
			if (i == token.length() || token.charAt(i) == '.') {
				if (++parts > 3 || !isCanonicalBase64Url(token, start, i, parts == 3)) {
					return false;
				}
				start = i + 1;
			}
			else if (sextet(token.charAt(i)) < 0) {
				return false;
			}
		}
		return parts == 3;
	}

	/** The characters from start to end (all in the alphabet) as the encoder writes them. */
	private static boolean isCanonicalBase64Url(String token, int start, int end, boolean mayBeEmpty) {
		int length = end - start;
		if (length == 0) {
			return mayBeEmpty;
		}
		int last = sextet(token.charAt(end - 1));
		return switch (length % 4) {
			case 1 -> false;
			case 2 -> (last & 0x0F) == 0;
			case 3 -> (last & 0x03) == 0;
			default -> true;
		};
	}

	private static int sextet(char c) {
		if (c >= 'A' && c <= 'Z') {
			return c - 'A';
		}
		if (c >= 'a' && c <= 'z') {
			return c - 'a' + 26;
		}
		if (c >= '0' && c <= '9') {
			return c - '0' + 52;
		}
		return (c == '-') ? 62 : (c == '_') ? 63 : -1;
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
