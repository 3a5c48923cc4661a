package dev.stepup.bank.security.token;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * The JWKS URI found from the issuer's metadata (OpenID Connect discovery, then
 * RFC 8414), looked up on first use rather than at start-up, so the API can
 * start before its authorization server. Nimbus's caching, rate limiting and
 * outage tolerance wrap this source like any other.
 */
final class DiscoveringJwkSetSource implements JWKSetSource<SecurityContext> {

	private static final List<String> METADATA_PATHS = List.of("/.well-known/openid-configuration",
			"/.well-known/oauth-authorization-server");

	private final String issuer;

	private final ResourceRetriever retriever;

	private volatile URLBasedJWKSetSource<SecurityContext> delegate;

	DiscoveringJwkSetSource(String issuer, ResourceRetriever retriever) {
		this.issuer = issuer;
		this.retriever = retriever;
	}

	@Override
	public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
			SecurityContext context) throws KeySourceException {
		return source().getJWKSet(refreshEvaluator, currentTime, context);
	}

	private URLBasedJWKSetSource<SecurityContext> source() throws KeySourceException {
		URLBasedJWKSetSource<SecurityContext> source = this.delegate;
		if (source == null) {
			source = new URLBasedJWKSetSource<>(discoverJwksUri(), this.retriever);
			this.delegate = source;
		}
		return source;
	}

	private URL discoverJwksUri() throws KeySourceException {
		KeySourceException last = null;
		for (String path : METADATA_PATHS) {
			try {
				Map<String, Object> metadata = JSONObjectUtils
					.parse(this.retriever.retrieveResource(metadataUrl(path)).getContent());
				if (!this.issuer.equals(metadata.get("issuer"))) {
					throw new JWKSetUnavailableException("metadata at " + path + " names another issuer", null);
				}
				String jwksUri = JSONObjectUtils.getString(metadata, "jwks_uri");
				if (jwksUri == null) {
					throw new JWKSetUnavailableException("metadata at " + path + " names no jwks_uri", null);
				}
				return URI.create(jwksUri).toURL();
			}
			catch (IOException | ParseException | IllegalArgumentException ex) {
				last = new JWKSetUnavailableException("issuer metadata unavailable at " + path, ex);
			}
			catch (KeySourceException ex) {
				last = ex;
			}
		}
		throw last;
	}

	private URL metadataUrl(String wellKnown) throws MalformedURLException {
		// Appended after the issuer, as OpenID Connect does; for an issuer without a
		// path (Auth0, Okta, Spring Authorization Server) RFC 8414 gives the same URL.
		String base = this.issuer.endsWith("/") ? this.issuer.substring(0, this.issuer.length() - 1) : this.issuer;
		return UriComponentsBuilder.fromUriString(base + wellKnown).build().toUri().toURL();
	}

	@Override
	public void close() throws IOException {
		if (this.delegate != null) {
			this.delegate.close();
		}
	}

}
