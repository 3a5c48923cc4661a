package dev.stepup.bank.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope a controller method needs, declared once (a name from
 * {@link Scopes}). Method security enforces it as the authority
 * {@code SCOPE_…} ({@link RequiresScopeAuthorization}, registered by
 * {@code SecurityConfiguration}); the access denied handler names it in the
 * {@code insufficient_scope} challenge from the denial, and the OpenAPI
 * document lists it as the operation's scope by reading this annotation.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RequiresScope {

	/** The scope, without Spring Security's {@code SCOPE_} prefix. */
	String value();

}
