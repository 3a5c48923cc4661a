package dev.stepup.bank.security.token;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.JWTProcessor;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.Assert;

/**
 * Spring's {@link NimbusJwtDecoder}, the same Nimbus processor, claim converter
 * and validators, with two costs taken out of the way of a good token, which
 * together are a sixth of a whole validation (BENCHMARKS.md):
 * <ul>
 * <li>{@code NimbusJwtDecoder} parses the header twice (once to tell a JWS from
 * a JWE or an unsecured JWT, once to build the JWS); here a compact JWS is
 * parsed once.</li>
 * <li>Nimbus decodes the payload with its constant-time Base64 decoder, made
 * for secret keys and twenty times slower than the JDK's; a JWS payload is
 * not secret, so the JDK decodes it here, and Nimbus's parser reads the
 * claims as before.</li>
 * </ul>
 * Every check is Nimbus's or Spring's: the processor (algorithm allow-list, key
 * selection, signature, critical headers) is the one Spring's builder
 * configured, captured as it was built. Anything this path does not accept as
 * it is (not a three-part JWS, claims that do not validate, a payload only
 * Nimbus's lenient decoder reads) goes to {@code NimbusJwtDecoder} itself, so
 * every refusal has Spring's exact exception and message. Only the processor's
 * own refusals (signature, key, algorithm, key source) are translated here, as
 * {@code NimbusJwtDecoder} does, so that a forged token costs one RSA operation,
 * not two.
 */
final class SignedTokenDecoder implements JwtDecoder {

	private static final String DECODING_ERROR = "An error occurred while attempting to decode the Jwt: %s";

	final JWTProcessor<SecurityContext> processor;

	final Converter<Map<String, Object>, Map<String, Object>> claimSetConverter;

	final OAuth2TokenValidator<Jwt> validator;

	/** Spring's decoder over the same processor: it decides every token this path does not accept. */
	final JwtDecoder reference;

	SignedTokenDecoder(JWTProcessor<SecurityContext> processor,
			Converter<Map<String, Object>, Map<String, Object>> claimSetConverter, OAuth2TokenValidator<Jwt> validator,
			JwtDecoder reference) {
		this.processor = processor;
		this.claimSetConverter = claimSetConverter;
		this.validator = validator;
		this.reference = reference;
	}

	/**
	 * Builds Spring's decoder for these keys and algorithms, with
	 * {@link CachedKeySelector}, this converter and these validators, and this
	 * decoder around it and its processor.
	 */
	static SignedTokenDecoder create(JWKSource<SecurityContext> keys, Set<SignatureAlgorithm> algorithms,
			Converter<Map<String, Object>, Map<String, Object>> claimSetConverter, OAuth2TokenValidator<Jwt> validator) {
		Set<JWSAlgorithm> allowed = algorithms.stream()
			.map((algorithm) -> JWSAlgorithm.parse(algorithm.getName()))
			.collect(Collectors.toUnmodifiableSet());
		AtomicReference<JWTProcessor<SecurityContext>> processor = new AtomicReference<>();
		NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSource(keys)
			.jwsAlgorithms((spring) -> spring.addAll(algorithms))
			.jwtProcessorCustomizer((configured) -> {
				configured.setJWSKeySelector(new CachedKeySelector(allowed, keys));
				processor.set(configured);
			})
			.build();
		Assert.state(processor.get() != null, "Spring's decoder builder did not hand out its JWT processor");
		nimbus.setClaimSetConverter(claimSetConverter);
		nimbus.setJwtValidator(validator);
		return new SignedTokenDecoder(processor.get(), claimSetConverter, validator, nimbus);
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		SignedJWT parsed = PayloadDecodedJws.ofCompact(token);
		if (parsed == null) {
			return this.reference.decode(token);
		}
		JWTClaimsSet claims = process(parsed);
		Jwt jwt;
		try {
			Map<String, Object> headers = new LinkedHashMap<>(parsed.getHeader().toJSONObject());
			Map<String, Object> converted = this.claimSetConverter.convert(claims.getClaims());
			jwt = Jwt.withTokenValue(token)
				.headers((h) -> h.putAll(headers))
				.claims((c) -> c.putAll(converted))
				.build();
		}
		catch (RuntimeException unconvertible) {
			return this.reference.decode(token);
		}
		if (this.validator.validate(jwt).hasErrors()) {
			return this.reference.decode(token);
		}
		return jwt;
	}

	/** The processor's refusals, worded as {@code NimbusJwtDecoder} words them. */
	private JWTClaimsSet process(SignedJWT parsed) {
		try {
			return this.processor.process(parsed, null);
		}
		catch (RemoteKeySourceException ex) {
			String message = (ex.getCause() instanceof ParseException) ? "Malformed Jwk set" : ex.getMessage();
			throw new JwtException(String.format(DECODING_ERROR, message), ex);
		}
		catch (JOSEException ex) {
			throw new JwtException(String.format(DECODING_ERROR, ex.getMessage()), ex);
		}
		catch (BadJOSEException ex) {
			String message = (ex.getCause() instanceof ParseException) ? "Malformed payload" : ex.getMessage();
			throw new BadJwtException(String.format(DECODING_ERROR, message), ex);
		}
	}

}
