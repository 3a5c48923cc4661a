package dev.stepup.bank.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ExpressionAuthorizationDecision;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The scope a denied request lacked, from the rule that denied it: the
 * authority of a URL rule ({@code hasAuthority(Scopes.…_AUTHORITY)}), or the
 * {@link RequiresScope} of the controller method whose method security
 * denied it. Never parsed out of an expression's text.
 */
final class RequiredScope {

	private RequiredScope() {
	}

	/** The scope, or null when the denial was not about a scope. */
	static String of(AuthorizationResult result, HttpServletRequest request) {
		if (result instanceof AuthorityAuthorizationDecision authorities) {
			return authorities.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.filter((authority) -> authority.startsWith(Scopes.AUTHORITY_PREFIX))
				.map((authority) -> authority.substring(Scopes.AUTHORITY_PREFIX.length()))
				.findFirst()
				.orElse(null);
		}
		if (result instanceof ExpressionAuthorizationDecision
				&& request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler) {
			RequiresScope scope = handler.getMethodAnnotation(RequiresScope.class);
			return scope != null ? scope.value() : null;
		}
		return null;
	}

}
