package dev.stepup.bank.transfer;

import java.math.BigDecimal;
import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bank.transfer.*}. Every database wait is bounded (bank.database.*), so
 * a live request is done well within the lock timeout; a lock taken over early
 * costs work, never a second decision, because the transfers table holds one
 * row per key.
 *
 * @param maxAmount per-transfer limit
 * @param idempotencyLockTimeout how long a key stays "in flight" if the request holding it could
 *        not give it back (its instance died, or the database went away under it)
 */
@ConfigurationProperties("bank.transfer")
@Validated
record TransferProperties(@NotNull @DecimalMin("0.01") @DefaultValue("10000.00") BigDecimal maxAmount,
		@NotNull @DefaultValue("10s") Duration idempotencyLockTimeout) {
}
