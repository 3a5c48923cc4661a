package dev.stepup.bank.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.access.prepost.PreAuthorize;

/**
 * The scope a controller method needs, declared once (a name from
 * {@link Scopes}). Method security enforces it as the
 * {@code hasAuthority('SCOPE_…')} policy below (templated by
 * {@code SecurityConfiguration}); the access denied handler names it in the
 * {@code insufficient_scope} challenge, and the OpenAPI document lists it as
 * the operation's scope, both by reading this annotation.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@PreAuthorize("hasAuthority('SCOPE_{value}')")
public @interface RequiresScope {

	/** The scope, without Spring Security's {@code SCOPE_} prefix. */
	String value();

}
