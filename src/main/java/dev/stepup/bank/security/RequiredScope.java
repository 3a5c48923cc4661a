package dev.stepup.bank.security;

import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.GrantedAuthority;

/**
 * The scope a denied request lacked, from the rule that denied it: the
 * authority of a URL rule ({@code hasAuthority(Scopes.…_AUTHORITY)}) or of a
 * method's {@link RequiresScope}, both named in the denial. Never parsed out
 * of an expression's text.
 */
final class RequiredScope {

	private RequiredScope() {
	}

	/** The scope, or null when the denial was not about a scope. */
	static String of(AuthorizationResult result) {
		if (result instanceof AuthorityAuthorizationDecision authorities) {
			return authorities.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.filter((authority) -> authority.startsWith(Scopes.AUTHORITY_PREFIX))
				.map((authority) -> authority.substring(Scopes.AUTHORITY_PREFIX.length()))
				.findFirst()
				.orElse(null);
		}
		return null;
	}

}
