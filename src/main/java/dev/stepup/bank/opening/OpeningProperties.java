package dev.stepup.bank.opening;

import java.math.BigDecimal;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bank.accounts.*}: limits of the operations interface that opens accounts.
 *
 * @param maxOpeningBalance largest {@code openingBalance} of {@code POST /accounts}
 */
@ConfigurationProperties("bank.accounts")
@Validated
record OpeningProperties(@NotNull @DecimalMin("0") @DefaultValue("1000000.00") BigDecimal maxOpeningBalance) {
}
