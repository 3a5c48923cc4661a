package dev.stepup.bank.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import dev.stepup.bank.security.dpop.DPoPProperties;
import dev.stepup.bank.security.stepup.AuthorizationDetailsMode;
import dev.stepup.bank.security.stepup.PaymentInitiation;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728). Spring Security serves the
 * document at {@value #PATH}; this class says what it holds (this API as the
 * resource its tokens are issued for, the issuer that issues them, the scopes,
 * bearer tokens in the header only) and where it is, for the
 * {@code resource_metadata} parameter of every challenge, so a client that
 * knows nothing but the API's address can find where to get a token.
 */
@Component
public class ResourceMetadata {

	public static final String PATH = "/.well-known/oauth-protected-resource";

	static final String AUTHORIZATION_DETAILS_TYPES_SUPPORTED = "authorization_details_types_supported";

	/** The document changes only with the configuration: clients and proxies may keep it an hour. */
	static final String CACHE_CONTROL = "public, max-age=3600";

	private final String resource;

	private final String issuer;

	private final DPoPProperties dpop;

	private final boolean paymentBinding;

	ResourceMetadata(OAuth2ResourceServerProperties resourceServer, DPoPProperties dpop, SecurityProperties properties) {
		this.resource = audiences(resourceServer).get(0);
		this.issuer = resourceServer.getJwt().getIssuerUri();
		this.dpop = dpop;
		this.paymentBinding = properties.stepUp().authorizationDetails() != AuthorizationDetailsMode.OFF;
	}

	/**
	 * The accepted audiences: application.yml holds the one default. Set empty
	 * they would accept a token issued for any API, so the application refuses to
	 * start instead.
	 */
	public static List<String> audiences(OAuth2ResourceServerProperties resourceServer) {
		List<String> audiences = resourceServer.getJwt().getAudiences();
		if (audiences.isEmpty()) {
			throw new IllegalStateException(
					"spring.security.oauth2.resourceserver.jwt.audiences must name this API's audience");
		}
		return audiences;
	}

	/**
	 * The resource is the audience the tokens are issued for. RFC 9728 makes it
	 * a URL; an audience that is not one (Entra ID's application id) leaves
	 * Spring's default, the API's own address.
	 */
	void describe(OAuth2ProtectedResourceMetadata.Builder metadata) {
		if (isHttpUrl(this.resource)) {
			metadata.resource(this.resource);
		}
		metadata.resourceName("Step-up Bank API")
			.authorizationServer(this.issuer)
			.scopes((scopes) -> scopes.addAll(List.of(Scopes.VIEW_BALANCE, Scopes.TRANSFER_FUNDS, Scopes.OPERATIONS)))
			.bearerMethods((methods) -> {
				methods.clear();
				methods.add("header");
			})
			// sender-constrained by DPoP (RFC 9449), never by a client certificate (RFC 8705)
			.tlsClientCertificateBoundAccessTokens(false)
			.claim("dpop_signing_alg_values_supported", this.dpop.algorithms())
			// "always": only when every protected call needs a DPoP-bound token
			.claim("dpop_bound_access_tokens_required", this.dpop.requiredForTransfers() && this.dpop.requiredForReads());
		if (this.paymentBinding) {
			// RFC 9396 section 10: transfer tokens may be bound to their payment
			metadata.claim(AUTHORIZATION_DETAILS_TYPES_SUPPORTED, List.of(PaymentInitiation.TYPE));
		}
	}

	/** Where this document is, seen from the request: the {@code resource_metadata} of a challenge. */
	public static String url(HttpServletRequest request) {
		return UriComponentsBuilder.fromUriString(UrlUtils.buildFullRequestUrl(request))
			.replacePath(request.getContextPath() + PATH)
			.replaceQuery(null)
			.fragment(null)
			.build()
			.toUriString();
	}

	/**
	 * Spring's metadata filter writes no Cache-Control, and Spring Security's
	 * header writer would then add no-store; set before that writer runs, this one
	 * stays.
	 */
	Filter caching() {
		return (request, response, chain) -> {
			if (request instanceof HttpServletRequest http && HttpMethod.GET.matches(http.getMethod())
					&& (http.getContextPath() + PATH).equals(http.getRequestURI())) {
				((HttpServletResponse) response).setHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
			}
			chain.doFilter(request, response);
		};
	}

	private static boolean isHttpUrl(String value) {
		try {
			URI uri = URI.create(value);
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
