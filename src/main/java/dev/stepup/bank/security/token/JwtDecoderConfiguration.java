package dev.stepup.bank.security.token;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
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
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
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
		Converter<Map<String, Object>, Map<String, Object>> claims = MappedJwtClaimSetConverter
			.withDefaults(Map.of(JwtClaimNames.ISS, (iss) -> (iss != null) ? iss.toString() : null));
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
		JwtTimestampValidator timestamps = new JwtTimestampValidator(rules.clockSkew());
		timestamps.setAllowEmptyExpiryClaim(false);
		timestamps.setClock(clock);
		// Not Spring's JwtIssuedAtValidator: it also refuses a token issued longer
		// ago than the clock skew, which would end a 5-minute token after 30 s.
		OAuth2TokenValidator<Jwt> issuedAt = (jwt) -> (jwt.getIssuedAt() == null
				|| !jwt.getIssuedAt().isAfter(clock.instant().plus(rules.clockSkew())))
						? OAuth2TokenValidatorResult.success()
						: OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
								"iat claim is in the future", null));
		JwtTypeValidator type = rules.requireAtJwtType() ? new JwtTypeValidator("at+jwt")
				: new JwtTypeValidator("JWT", "at+jwt");
		type.setAllowEmpty(!rules.requireAtJwtType());
		List<String> audiences = ResourceMetadata.audiences(resourceServer);
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(type);
		validators.add(timestamps);
		validators.add(issuedAt);
		validators.add(new JwtIssuerValidator(issuer(resourceServer)));
		validators.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
				(aud) -> aud != null && aud.stream().anyMatch(audiences::contains)));
		validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, StringUtils::hasText));
		return new DelegatingOAuth2TokenValidator<>(validators);
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
