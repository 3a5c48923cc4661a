package dev.stepup.demo.stepup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;

/** The TOTP factor, recorded like Spring Security records the password factor. */
final class SecondFactor {

	static final String TOTP_AUTHORITY = "FACTOR_TOTP";

	private SecondFactor() {
	}

	/** {@code user}'s authentication, plus a TOTP factor passed at {@code verifiedAt}. */
	static Authentication addedTo(Authentication user, Instant verifiedAt) {
		List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities()
			.stream()
			.filter((authority) -> !TOTP_AUTHORITY.equals(authority.getAuthority()))
			.toList());
		authorities.add(FactorGrantedAuthority.withAuthority(TOTP_AUTHORITY).issuedAt(verifiedAt).build());
		UsernamePasswordAuthenticationToken stepped = UsernamePasswordAuthenticationToken
			.authenticated(user.getPrincipal(), null, authorities);
		stepped.setDetails(user.getDetails());
		return stepped;
	}

}
