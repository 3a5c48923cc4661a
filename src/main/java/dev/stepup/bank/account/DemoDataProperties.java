package dev.stepup.bank.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code bank.demo-data.*}: the demo customers (on by default, so the embedded
 * start shows the flow; {@code false} in production).
 *
 * @param enabled open {@code alice-eur} (alice, EUR 1000.00) and {@code bob-eur} (bob, EUR 500.00) if
 *        absent
 */
@ConfigurationProperties("bank.demo-data")
record DemoDataProperties(@DefaultValue("true") boolean enabled) {
}
