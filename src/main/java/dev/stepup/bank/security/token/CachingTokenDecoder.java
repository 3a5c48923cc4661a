package dev.stepup.bank.security.token;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Answers a token verified before from {@link VerifiedTokens}; verifies any
 * other with the full pipeline and remembers it if it passes. Refusals are
 * never cached: a bad token pays the full price every time.
 */
final class CachingTokenDecoder implements JwtDecoder {

	private final JwtDecoder delegate;

	private final VerifiedTokens verified;

	CachingTokenDecoder(JwtDecoder delegate, VerifiedTokens verified) {
		this.delegate = delegate;
		this.verified = verified;
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		VerifiedTokens.Digest digest = VerifiedTokens.Digest.of(token);
		Jwt known = this.verified.get(digest);
		if (known != null) {
			return known;
		}
		long generation = this.verified.keyGeneration();
		Jwt jwt = this.delegate.decode(token);
		this.verified.put(digest, jwt, generation);
		return jwt;
	}

}
