package dev.stepup.bank.security.dpop;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.stepup.bank.security.SecurityProperties;
import jakarta.servlet.Filter;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.stereotype.Component;

/**
 * What the security configuration needs to put DPoP in the chain: this API's
 * DPoP filter, the guard that refuses a bound token sent as a bearer token,
 * and the removal of the DPoP filter Spring Security 7.0 adds on its own.
 *
 * <p>Spring Security 7.0.6 adds an {@code AuthenticationFilter} with its
 * {@code DPoPAuthenticationProvider} to every {@code oauth2ResourceServer()},
 * with no switch to turn it off: it accepts any RSA or EC algorithm, remembers
 * proofs in a per-JVM map of 1,000 entries, knows no nonce or policy, answers
 * with empty bodies and fails with 500 on an odd {@code cnf}. Its token
 * validation (the same {@link JwtDecoder}) is sound and is reused here through
 * {@link JwtAuthenticationProvider}; the proof side is replaced.
 */
@Component
public class DPoPSupport {

	private final JwtDecoder decoder;

	private final Converter<Jwt, AbstractAuthenticationToken> authorities;

	private final DPoPProofVerifier proofs;

	private final DPoPNonces nonces;

	private final DPoPChallenges challenges;

	private final long maxTokenLength;

	DPoPSupport(JwtDecoder decoder, Converter<Jwt, AbstractAuthenticationToken> jwtAuthenticationConverter,
			DPoPProperties properties, SecurityProperties security, UsedProofs used, DPoPChallenges challenges,
			Clock clock) {
		this.decoder = decoder;
		this.authorities = jwtAuthenticationConverter;
		this.nonces = new DPoPNonces(properties.nonce(), clock);
		this.proofs = new DPoPProofVerifier(properties, security.token().clockSkew(), this.nonces, used, clock);
		this.challenges = challenges;
		this.maxTokenLength = security.token().maxSize().toBytes();
	}

	/** The filter for {@code Authorization: DPoP}; it goes right before the bearer token filter. */
	public Filter authenticationFilter(AuthenticationEntryPoint entryPoint) {
		JwtAuthenticationProvider tokens = new JwtAuthenticationProvider(this.decoder);
		tokens.setJwtAuthenticationConverter(this.authorities);
		return new DPoPAuthenticationFilter(tokens, this.proofs, this.nonces, this.challenges, entryPoint,
				this.maxTokenLength);
	}

	/**
	 * The bearer path's converter: a token with a {@code cnf} claim is bound to
	 * a key (DPoP or mTLS) and is refused when sent as a bearer token (RFC 9449
	 * section 7.2), whatever shape the claim has.
	 */
	public Converter<Jwt, AbstractAuthenticationToken> refusingBoundBearerTokens(
			Converter<Jwt, AbstractAuthenticationToken> converter) {
		return (jwt) -> {
			if (jwt.hasClaim("cnf")) {
				throw DPoPRefusal.downgrade();
			}
			return converter.convert(jwt);
		};
	}

	/**
	 * The chain without Spring's own DPoP filter: the only plain
	 * {@link AuthenticationFilter} in this chain. Startup fails if it is not
	 * there exactly once, so a Spring Security upgrade that changes how it is
	 * added is noticed rather than silently running two DPoP filters.
	 */
	public SecurityFilterChain withoutSpringDPoPFilter(SecurityFilterChain chain) {
		List<Filter> filters = new ArrayList<>(chain.getFilters());
		List<Filter> spring = filters.stream().filter((f) -> f.getClass() == AuthenticationFilter.class).toList();
		if (spring.size() != 1) {
			throw new IllegalStateException("expected Spring Security's DPoP AuthenticationFilter once in the chain, found "
					+ spring.size() + "; check how this Spring Security version configures DPoP");
		}
		filters.removeAll(spring);
		return new DefaultSecurityFilterChain(((DefaultSecurityFilterChain) chain).getRequestMatcher(), filters);
	}

}
