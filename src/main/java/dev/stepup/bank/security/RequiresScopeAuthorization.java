package dev.stepup.bank.security;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;

/**
 * Method security for {@link RequiresScope}: the method's scope checked as the
 * authority {@code SCOPE_…} of the caller, with no expression language. The
 * manager for each method is made once; a call costs one look-up and one scan
 * of the caller's authorities. Its denial is an
 * {@code AuthorityAuthorizationDecision} naming the authority, from which
 * {@link RequiredScope} reads the scope for the {@code insufficient_scope}
 * challenge.
 */
final class RequiresScopeAuthorization implements AuthorizationManager<MethodInvocation> {

	private static final AuthorizationResult NOT_DECLARED = new AuthorizationDecision(false);

	private final Map<Method, AuthorizationManager<MethodInvocation>> managers = new ConcurrentHashMap<>();

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			MethodInvocation invocation) {
		AuthorizationManager<MethodInvocation> manager = this.managers.computeIfAbsent(
				AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass(invocation)),
				RequiresScopeAuthorization::managerFor);
		return (manager != null) ? manager.authorize(authentication, invocation) : NOT_DECLARED;
	}

	private static AuthorizationManager<MethodInvocation> managerFor(Method method) {
		RequiresScope scope = AnnotatedElementUtils.findMergedAnnotation(method, RequiresScope.class);
		// only reached through the annotation's pointcut; a method without it is denied, never let through
		return (scope != null) ? AuthorityAuthorizationManager.hasAuthority(Scopes.AUTHORITY_PREFIX + scope.value())
				: null;
	}

	private static Class<?> targetClass(MethodInvocation invocation) {
		Object target = invocation.getThis();
		return (target != null) ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
	}

}
