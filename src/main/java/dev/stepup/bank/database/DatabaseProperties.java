package dev.stepup.bank.database;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bank.database.*}: the longest the API waits on its database before it
 * answers 503.
 *
 * @param connectionTimeout longest wait for a pooled connection, and for the TCP connect and
 *        login of a new one
 * @param statementTimeout longest any one statement may run (whole seconds): on PostgreSQL the
 *        JDBC query timeout, row-lock waits included; on H2 the session's QUERY_TIMEOUT (H2
 *        bounds row-lock waits by the URL's LOCK_TIMEOUT instead)
 * @param socketTimeout longest read from a PostgreSQL server that stopped answering; longer
 *        than the statement timeout, so a slow statement is cancelled, not its connection cut
 * @param retryAfter {@code Retry-After} on a 503 caused by the database
 */
@ConfigurationProperties("bank.database")
@Validated
public record DatabaseProperties(@NotNull @DefaultValue("2s") Duration connectionTimeout,
		@NotNull @DefaultValue("2s") Duration statementTimeout, @NotNull @DefaultValue("3s") Duration socketTimeout,
		@NotNull @DefaultValue("2s") Duration retryAfter) {

	@AssertTrue(message = "connection-timeout must be at least 1s (the pool's shortest wait is 250ms, a login needs more)")
	boolean isConnectionTimeoutUsable() {
		return this.connectionTimeout == null || this.connectionTimeout.compareTo(Duration.ofSeconds(1)) >= 0;
	}

	@AssertTrue(message = "statement-timeout must be whole seconds, at least 1s (JDBC counts seconds)")
	boolean isStatementTimeoutWholeSeconds() {
		return this.statementTimeout == null
				|| (this.statementTimeout.toSeconds() >= 1 && this.statementTimeout.toMillis() % 1000 == 0);
	}

	@AssertTrue(message = "socket-timeout must be whole seconds and longer than statement-timeout")
	boolean isSocketTimeoutLongerThanStatements() {
		return this.socketTimeout == null || this.statementTimeout == null
				|| (this.socketTimeout.toMillis() % 1000 == 0 && this.socketTimeout.compareTo(this.statementTimeout) > 0);
	}

	@AssertTrue(message = "retry-after must be whole seconds, at least 1s")
	boolean isRetryAfterWholeSeconds() {
		return this.retryAfter == null || (this.retryAfter.toSeconds() >= 1 && this.retryAfter.toMillis() % 1000 == 0);
	}

	/** The value of the {@code Retry-After} header of a 503 caused by the database. */
	public String retryAfterHeader() {
		return Long.toString(this.retryAfter.toSeconds());
	}

}
