package dev.stepup.demo.stepup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/**
 * How a user proved who they are, in the terms tokens use: {@code amr} (RFC 8176),
 * {@code acr} and {@code auth_time}.
 *
 * @param methods authentication method references, {@code pwd}, {@code otp}, and
 * {@code mfa} when there were two
 * @param authenticatedAt when the latest factor was passed
 */
public record AuthenticationEvidence(List<String> methods, Optional<Instant> authenticatedAt) {

	/** The PAPE policy URI for multi-factor authentication, the API's default accepted {@code acr}. */
	public static final String MULTI_FACTOR_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

	public AuthenticationEvidence {
		methods = List.copyOf(methods);
	}

	public static AuthenticationEvidence of(Authentication authentication) {
		List<FactorGrantedAuthority> factors = authentication.getAuthorities()
			.stream()
			.filter(FactorGrantedAuthority.class::isInstance)
			.map(FactorGrantedAuthority.class::cast)
			.toList();
		List<String> methods = new ArrayList<>();
		if (hasFactor(factors, FactorGrantedAuthority.PASSWORD_AUTHORITY)) {
			methods.add("pwd");
		}
		if (hasFactor(factors, SecondFactor.TOTP_AUTHORITY)) {
			methods.add("otp");
		}
		if (methods.size() > 1) {
			methods.add("mfa");
		}
		Optional<Instant> latest = factors.stream()
			.map(FactorGrantedAuthority::getIssuedAt)
			.max(Comparator.naturalOrder());
		return new AuthenticationEvidence(methods, latest);
	}

	private static boolean hasFactor(List<FactorGrantedAuthority> factors, String authority) {
		return factors.stream().anyMatch((factor) -> factor.getAuthority().equals(authority));
	}

	public boolean multiFactor() {
		return this.methods.contains("mfa");
	}

	/** The {@code acr} these methods earn, if any. */
	public Optional<String> authenticationContextClass() {
		return multiFactor() ? Optional.of(MULTI_FACTOR_ACR) : Optional.empty();
	}

}
