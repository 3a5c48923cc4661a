package dev.stepup.demo.authserver;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Access token settings, {@code demo.tokens}.
 *
 * @param audience the API's identifier, the tokens' {@code aud}
 * @param stepUpTokenTimeToLive the longest life of a token carrying a scope that
 * needed the second factor; the API spends such a token on first use anyway
 * @param idTokenTimeToLive the life of ID tokens; an expired one still serves as
 * {@code id_token_hint} to sign out
 */
@ConfigurationProperties("demo.tokens")
@Validated
record TokenProperties(@NotBlank String audience,
		@NotNull @DurationMin(seconds = 30) @DurationMax(minutes = 5) Duration stepUpTokenTimeToLive,
		@NotNull @DurationMin(seconds = 10) @DurationMax(hours = 1) Duration idTokenTimeToLive) {

}
