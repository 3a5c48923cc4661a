package dev.stepup.bank.security.token;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Finding the JWKS URI from the issuer's metadata. Whatever is wrong with the
 * metadata is a key source failure (503 upstream), never another exception.
 */
class DiscoveringJwkSetSourceTests {

	static final String ISSUER = "https://issuer.test";

	static final String OIDC = ISSUER + "/.well-known/openid-configuration";

	static final String RFC_8414 = ISSUER + "/.well-known/oauth-authorization-server";

	static final String JWKS = ISSUER + "/keys";

	final List<String> fetched = new ArrayList<>();

	@Test
	void getJWKSetWhenOpenIdMetadataNamesTheJwksThenKeysFromIt() throws KeySourceException {
		var source = source(Map.of(OIDC, metadata(ISSUER, JWKS), JWKS, TokenMint.jwks(TokenMint.KEY)));

		assertThat(keys(source)).isEqualTo(1);
		assertThat(this.fetched).containsExactly(OIDC, JWKS);
	}

	@Test
	void getJWKSetWhenOnlyRfc8414MetadataThenKeysFromIt() throws KeySourceException {
		var source = source(Map.of(RFC_8414, metadata(ISSUER, JWKS), JWKS, TokenMint.jwks(TokenMint.KEY)));

		assertThat(keys(source)).isEqualTo(1);
		assertThat(this.fetched).containsExactly(OIDC, RFC_8414, JWKS);
	}

	@Test
	void getJWKSetWhenMetadataNamesAnotherIssuerThenKeySourceFailure() {
		var source = source(Map.of(OIDC, metadata("https://evil.test", JWKS), RFC_8414,
				metadata("https://evil.test", JWKS)));

		assertThatExceptionOfType(KeySourceException.class).isThrownBy(() -> keys(source));
		assertThat(this.fetched).doesNotContain(JWKS);
	}

	@Test
	void getJWKSetWhenMetadataHasNoJwksUriThenKeySourceFailure() {
		String noJwksUri = "{\"issuer\":\"" + ISSUER + "\"}";
		var source = source(Map.of(OIDC, noJwksUri, RFC_8414, noJwksUri));

		assertThatExceptionOfType(KeySourceException.class).isThrownBy(() -> keys(source));
	}

	@Test
	void getJWKSetWhenMetadataIsNotJsonThenKeySourceFailure() {
		var source = source(Map.of(OIDC, "<html>", RFC_8414, "<html>"));

		assertThatExceptionOfType(KeySourceException.class).isThrownBy(() -> keys(source));
	}

	@Test
	void getJWKSetWhenMetadataUnreachableThenKeySourceFailure() {
		assertThatExceptionOfType(KeySourceException.class).isThrownBy(() -> keys(source(Map.of())));
	}

	private static int keys(DiscoveringJwkSetSource source) throws KeySourceException {
		return source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), System.currentTimeMillis(), null)
			.getKeys()
			.size();
	}

	/** Serves {@code documents} by URL; any other URL fails as an unreachable server would. */
	private DiscoveringJwkSetSource source(Map<String, String> documents) {
		ResourceRetriever retriever = (URL url) -> {
			this.fetched.add(url.toString());
			String content = documents.get(url.toString());
			if (content == null) {
				throw new IOException("HTTP 404: " + url);
			}
			return new Resource(content, "application/json");
		};
		return new DiscoveringJwkSetSource(ISSUER, retriever);
	}

	private static String metadata(String issuer, String jwksUri) {
		return "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + jwksUri + "\"}";
	}

}
