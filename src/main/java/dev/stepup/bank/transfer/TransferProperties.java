package dev.stepup.bank.transfer;

import java.math.BigDecimal;
import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bank.transfer.*}. {@code idempotencyLockTimeout} bounds how long a key
 * stays "in flight" if the instance running its first request dies.
 */
@ConfigurationProperties("bank.transfer")
@Validated
record TransferProperties(@NotNull @DecimalMin("0.01") @DefaultValue("10000.00") BigDecimal maxAmount,
		@NotNull @DefaultValue("30s") Duration idempotencyLockTimeout) {
}
