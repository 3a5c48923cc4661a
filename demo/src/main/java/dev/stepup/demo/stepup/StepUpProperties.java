package dev.stepup.demo.stepup;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The step-up rule's settings, {@code demo.step-up}.
 *
 * @param scopes scopes that may only be granted after the second factor in the same
 * authorization request
 * @param acrValues {@code acr_values} that name multi-factor authentication
 * @param proofTimeToLive how long a passed second factor waits for its authorization
 * request to come back
 * @param maxCodeAttempts wrong codes allowed before the sign-in is abandoned
 */
@ConfigurationProperties("demo.step-up")
@Validated
record StepUpProperties(@NotEmpty Set<String> scopes, @NotEmpty Set<String> acrValues,
		@NotNull Duration proofTimeToLive, @Min(1) @Max(10) int maxCodeAttempts) {

}
