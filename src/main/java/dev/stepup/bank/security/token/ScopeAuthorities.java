package dev.stepup.bank.security.token;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.stepup.bank.security.Scopes;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Scopes from every place an authorization server puts them: {@code scope}
 * (space-separated string: RFC 8693, Auth0, Keycloak, Spring), {@code scp}
 * (array or string: Okta, Azure AD) and {@code permissions} (array: Auth0
 * RBAC). A claim of another shape adds nothing, so a malformed claim can only
 * take authority away.
 * <p>
 * The principal's name is the customer id, read from the configured customer
 * claim ({@code sub} unless {@code bank.security.token.customer-claim} names
 * another). A token without a usable customer id is no customer's token: it
 * gets no customer scope ({@code view:balance}, {@code transfer:funds}), only
 * the others, and its name is its {@code sub} (an operations client's token,
 * for example). So a missing claim can never make one customer another.
 */
final class ScopeAuthorities implements Converter<Jwt, AbstractAuthenticationToken> {

	private static final Set<String> CUSTOMER_SCOPES = Set.of(Scopes.VIEW_BALANCE, Scopes.TRANSFER_FUNDS);

	/** As wide as accounts.owner_subject. */
	private static final int MAX_CUSTOMER_ID_LENGTH = 255;

	private final String customerClaim;

	ScopeAuthorities(String customerClaim) {
		this.customerClaim = customerClaim;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		String customer = customerId(jwt.getClaims().get(this.customerClaim));
		Set<GrantedAuthority> authorities = new LinkedHashSet<>();
		for (String claim : new String[] { "scope", "scp", "permissions" }) {
			for (String scope : scopes(jwt.getClaims().get(claim))) {
				if (customer != null || !CUSTOMER_SCOPES.contains(scope)) {
					authorities.add(new SimpleGrantedAuthority(Scopes.AUTHORITY_PREFIX + scope));
				}
			}
		}
		return new JwtAuthenticationToken(jwt, authorities, customer != null ? customer : jwt.getSubject());
	}

	private static String customerId(Object claim) {
		return claim instanceof String id && !id.isBlank() && id.length() <= MAX_CUSTOMER_ID_LENGTH
				&& id.chars().noneMatch(Character::isISOControl) ? id : null;
	}

	private static Set<String> scopes(Object claim) {
		Set<String> scopes = new LinkedHashSet<>();
		if (claim instanceof String text) {
			addAll(scopes, text.split(" "));
		}
		else if (claim instanceof Collection<?> values) {
			for (Object value : values) {
				if (value instanceof String text) {
					addAll(scopes, text);
				}
			}
		}
		return scopes;
	}

	private static void addAll(Set<String> scopes, String... values) {
		for (String value : values) {
			if (!value.isBlank() && value.indexOf(' ') < 0) {
				scopes.add(value);
			}
		}
	}

}
