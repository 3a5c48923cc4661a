package dev.stepup.bank.security.token;

import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * Nimbus's key selection (same algorithm allow-list, same JWK matching against
 * the cached key set) without its per-token cost of turning the matching JWK
 * into a Java key: that decodes the modulus from Base64 and runs a
 * {@code KeyFactory} for every token, a tenth of a whole validation. Here each
 * JWK object is converted once; the conversions are held weakly by the JWK's
 * identity, so they go when the JWKS cache drops the key set they came from.
 */
final class CachedKeySelector extends JWSVerificationKeySelector<SecurityContext> {

	private final Cache<JWK, Key> publicKeys = Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();

	CachedKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys) {
		super(algorithms, keys);
	}

	@Override
	public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
		if (!isAllowed(header.getAlgorithm())) {
			return List.of();
		}
		List<JWK> matches = getJWKSource().get(new JWKSelector(createJWKMatcher(header)), context);
		List<Key> selected = new ArrayList<>(matches.size());
		for (JWK jwk : matches) {
			Key key = this.publicKeys.get(jwk, CachedKeySelector::publicKey);
			if (key != null) {
				selected.add(key);
			}
		}
		return selected;
	}

	/** As Nimbus's {@code KeyConverter}: the public key of an asymmetric JWK, or none. */
	private static Key publicKey(JWK jwk) {
		if (!(jwk instanceof AsymmetricJWK asymmetric)) {
			return null;
		}
		try {
			return asymmetric.toPublicKey();
		}
		catch (JOSEException unusable) {
			return null;
		}
	}

}
