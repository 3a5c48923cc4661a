package dev.stepup.bank.security.token;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetSourceWithHealthStatusReporting;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.stepup.bank.security.ResourceMetadata;
import dev.stepup.bank.security.SecurityProperties;
import dev.stepup.bank.security.TokenError;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The token pipeline. Spring Boot's default decoder is replaced because it
 * builds its JWKS source without Nimbus's rate limiting, refresh-ahead and
 * outage tolerance; here every one of them is on and bounded by
 * {@code bank.security.jwks.*}.
 */
@Configuration(proxyBeanMethods = false)
class JwtDecoderConfiguration {

	/** The width of the columns that hold a subject (V1: owner_subject, requested_by). */
	static final int MAX_IDENTIFIER_LENGTH = 255;

	@Bean
	JwksHealth jwksHealthIndicator(MeterRegistry meters) {
		return new JwksHealth(meters);
	}

	@Bean
	VerifiedTokens verifiedTokens(SecurityProperties security, Clock clock, MeterRegistry meters) {
		return new VerifiedTokens(security.tokenCache().maxSize(), clock, meters);
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(OAuth2ResourceServerProperties resourceServer, SecurityProperties security,
			JwksHealth health, VerifiedTokens verifiedTokens) throws MalformedURLException {
		OAuth2ResourceServerProperties.Jwt jwt = resourceServer.getJwt();
		SecurityProperties.Jwks jwks = security.jwks();
		ResourceRetriever retriever = new DefaultResourceRetriever((int) jwks.connectTimeout().toMillis(),
				(int) jwks.readTimeout().toMillis(), (int) jwks.sizeLimit().toBytes());
		JWKSetSource<SecurityContext> origin = StringUtils.hasText(jwt.getJwkSetUri())
				? new URLBasedJWKSetSource<>(URI.create(jwt.getJwkSetUri()).toURL(), retriever)
				: new DiscoveringJwkSetSource(issuer(resourceServer), retriever);
		// Health is reported right at the fetch, not through the builder: there it
		// would sit above the outage tolerance and call a failed fetch healthy.
		// Every fetched key set is shown to the verified-token cache, which empties
		// itself when a key has gone.
		return JWKSourceBuilder
			.create(new JWKSetSourceWithHealthStatusReporting<>(verifiedTokens.watching(origin), health))
			.retrying(false)
			.cache(jwks.cacheTtl().toMillis(), jwks.refreshTimeout().toMillis())
			.refreshAheadCache(jwks.refreshAhead().toMillis(), true)
			// Nimbus allows two fetches per period and keeps the second for a key
			// rotation; a period of twice the interval makes that one fetch per
			// interval on average, and never more than two back to back.
			.rateLimited(jwks.rateLimitInterval().toMillis() * 2)
			.outageTolerant(jwks.outageTolerance().toMillis())
			.build();
	}

	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, OAuth2ResourceServerProperties resourceServer,
			SecurityProperties security, Clock clock, VerifiedTokens verifiedTokens) {
		Set<SignatureAlgorithm> algorithms = resourceServer.getJwt()
			.getJwsAlgorithms()
			.stream()
			.map(JwtDecoderConfiguration::algorithm)
			.collect(Collectors.toUnmodifiableSet());
		// iss stays the string it was: the default tries to make a URL of it on every token
		Converter<Map<String, Object>, Map<String, Object>> mapped = MappedJwtClaimSetConverter
			.withDefaults(Map.of(JwtClaimNames.ISS, (iss) -> (iss != null) ? iss.toString() : null));
		// Spring invents iat = exp - 1 s for a token without one: a balance token would then be
		// "issued in the future" and a transfer token would pass the lifetime cap it cannot prove
		Converter<Map<String, Object>, Map<String, Object>> claims = (raw) -> {
			Map<String, Object> converted = new HashMap<>(mapped.convert(raw));
			if (raw.get(JwtClaimNames.IAT) == null) {
				converted.remove(JwtClaimNames.IAT);
			}
			return converted;
		};
		SignedTokenDecoder signed = SignedTokenDecoder.create(jwkSource, algorithms, claims,
				validator(resourceServer, security, clock));
		JwtDecoder decoder = new TokenDecoder(signed, jwkSource, security.token().maxSize());
		return security.tokenCache().enabled() ? new CachingTokenDecoder(decoder, verifiedTokens) : decoder;
	}

	@Bean
	Converter<Jwt, AbstractAuthenticationToken> jwtAuthenticationConverter(SecurityProperties security) {
		return new ScopeAuthorities(security.token().customerClaim());
	}

	@Bean
	BearerTokenResolver bearerTokenResolver(SecurityProperties security) {
		return new StrictBearerTokenResolver(security.token().maxSize());
	}

	static OAuth2TokenValidator<Jwt> validator(OAuth2ResourceServerProperties resourceServer,
			SecurityProperties security, Clock clock) {
		SecurityProperties.Token rules = security.token();
		JwtTypeValidator type = rules.requireAtJwtType() ? new JwtTypeValidator("at+jwt")
				: new JwtTypeValidator("JWT", "at+jwt");
		type.setAllowEmpty(!rules.requireAtJwtType());
		List<String> audiences = ResourceMetadata.audiences(resourceServer);
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(TokenError.classified("type", type));
		validators.add(TokenTimes.expiry(rules.clockSkew(), clock));
		validators.add(TokenTimes.notBefore(rules.clockSkew(), clock));
		validators.add(TokenTimes.issuedAt(rules.clockSkew(), clock));
		validators.add(TokenError.classified("issuer", new JwtIssuerValidator(issuer(resourceServer))));
		validators.add(TokenError.classified("audience", new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
				(aud) -> aud != null && aud.stream().anyMatch(audiences::contains))));
		validators.add(TokenError.classified("subject",
				new JwtClaimValidator<Object>(JwtClaimNames.SUB, JwtDecoderConfiguration::isIdentifier)));
		// who asked, as logs and refusals name it: bounded like the subject, when present
		for (String client : new String[] { "client_id", "azp" }) {
			validators.add(TokenError.classified("client",
					new JwtClaimValidator<Object>(client, (id) -> id == null || isIdentifier(id))));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

	/**
	 * An identifier the API stores and logs: text of 1 to 255 printable ASCII
	 * characters, as OpenID Connect requires of {@code sub}. Anything longer or
	 * stranger would first be found out by a database column.
	 */
	static boolean isIdentifier(Object value) {
		return value instanceof String text && StringUtils.hasText(text) && text.length() <= MAX_IDENTIFIER_LENGTH
				&& text.chars().allMatch((c) -> c >= 0x20 && c <= 0x7E);
	}

	private static String issuer(OAuth2ResourceServerProperties resourceServer) {
		String issuer = resourceServer.getJwt().getIssuerUri();
		Assert.hasText(issuer, "spring.security.oauth2.resourceserver.jwt.issuer-uri must name the token issuer");
		return issuer;
	}

	private static SignatureAlgorithm algorithm(String name) {
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
		Assert.notNull(algorithm, () -> "not an asymmetric JWS algorithm: " + name);
		return algorithm;
	}

}
