package dev.stepup.bank.security.token;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.util.unit.DataSize;

/**
 * Spring's {@code NimbusJwtDecoder} with two corrections at its edge. A key
 * source failure becomes {@link SigningKeysUnavailable} (a 503, not a 500),
 * except a refused refetch under the rate limit, which only means that no
 * known key has the token's kid: that token is invalid (401). And a token over
 * the size limit is refused before any parsing.
 */
final class TokenDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final long maxSizeBytes;

	TokenDecoder(JwtDecoder delegate, DataSize maxSize) {
		this.delegate = delegate;
		this.maxSizeBytes = maxSize.toBytes();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		if (token.length() > this.maxSizeBytes) {
			throw new BadJwtException("token is larger than " + this.maxSizeBytes + " bytes");
		}
		try {
			return this.delegate.decode(token);
		}
		catch (BadJwtException invalid) {
			throw invalid;
		}
		catch (JwtException failed) {
			if (hasCause(failed, RateLimitReachedException.class)) {
				throw new BadJwtException("no signing key matches the token's kid", failed);
			}
			if (hasCause(failed, KeySourceException.class)) {
				throw new SigningKeysUnavailable(failed);
			}
			throw failed;
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
