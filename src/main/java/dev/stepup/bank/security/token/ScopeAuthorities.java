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
 * take authority away. The principal's name is {@code sub}.
 */
final class ScopeAuthorities implements Converter<Jwt, AbstractAuthenticationToken> {

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		Set<GrantedAuthority> authorities = new LinkedHashSet<>();
		for (String claim : new String[] { "scope", "scp", "permissions" }) {
			for (String scope : scopes(jwt.getClaims().get(claim))) {
				authorities.add(new SimpleGrantedAuthority(Scopes.AUTHORITY_PREFIX + scope));
			}
		}
		return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
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
