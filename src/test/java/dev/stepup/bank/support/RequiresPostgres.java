package dev.stepup.bank.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Skips a test class, with the reason, when no PostgreSQL is configured. It is
 * decided before anything starts, so a Spring context that would need the
 * database is never built (an assumption inside {@code @DynamicPropertySource}
 * would fail the context instead of skipping).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@EnabledIfEnvironmentVariable(named = Postgres.URL_VARIABLE, matches = ".*\\S.*", disabledReason = Postgres.SKIP_REASON)
public @interface RequiresPostgres {
}
