package dev.stepup.bank.security;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.stepup.bank.security.stepup.AuthorizationDetailsMode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bank.security.*}: the step-up policy, token rules and JWKS cache. The
 * issuer, audience, JWKS URI and algorithms are Spring Boot's own
 * {@code spring.security.oauth2.resourceserver.jwt.*} properties.
 */
@ConfigurationProperties("bank.security")
@Validated
public record SecurityProperties(@Valid @DefaultValue StepUp stepUp, @Valid @DefaultValue Token token,
		@Valid @DefaultValue Jwks jwks, @Valid @DefaultValue SpentTokens spentTokens,
		@Valid @DefaultValue TokenCache tokenCache) {

	/**
	 * What counts as multi-factor evidence on a transfer token, how fresh it must
	 * be, whether the token must be bound to the payment (RFC 9396), and whether
	 * one authentication may move money only once.
	 */
	public record StepUp(
			@NotEmpty @DefaultValue({ "mfa", "otp", "hwk", "swk", "sms", "face", "fpt" }) List<String> acceptedAmr,
			@NotEmpty @DefaultValue("http://schemas.openid.net/pape/policies/2007/06/multi-factor") List<String> acceptedAcr,
			@NotNull @DefaultValue("300s") Duration maxAge,
			@NotNull @DefaultValue("when-present") AuthorizationDetailsMode authorizationDetails,
			@DefaultValue("false") boolean oneTransferPerAuthentication) {
	}

	/**
	 * Rules every token must meet, the extra ones for transfer tokens, and the
	 * claim that names the customer (a provider whose {@code sub} is not the
	 * bank's customer id puts it elsewhere: Okta's {@code uid}, an Auth0
	 * namespaced claim).
	 */
	public record Token(@NotNull @DefaultValue("30s") Duration clockSkew,
			@NotNull @DefaultValue("10m") Duration maxTransferTokenLifetime,
			@NotNull @DefaultValue("8KB") DataSize maxSize,
			@DefaultValue("false") boolean requireAtJwtType,
			@NotBlank @Size(max = 255) @DefaultValue("sub") String customerClaim) {
	}

	/** The JWKS cache in front of the authorization server's key set. */
	public record Jwks(@NotNull @DefaultValue("5m") Duration cacheTtl,
			@NotNull @DefaultValue("15s") Duration refreshTimeout,
			@NotNull @DefaultValue("30s") Duration refreshAhead,
			@NotNull @DefaultValue("30s") Duration rateLimitInterval,
			@NotNull @DefaultValue("1h") Duration outageTolerance,
			@NotNull @DefaultValue("2s") Duration connectTimeout,
			@NotNull @DefaultValue("2s") Duration readTimeout,
			@NotNull @DefaultValue("64KB") DataSize sizeLimit,
			@NotNull @DefaultValue("30s") Duration retryAfter) {
	}

	/** The Caffeine cache that answers replays without a database round trip. */
	public record SpentTokens(@Min(1) @Max(10_000_000) @DefaultValue("100000") int cacheSize,
			@NotNull @DefaultValue("10m") Duration purgeInterval) {
	}

	/**
	 * Tokens already verified, so that a token reused on every call pays for its
	 * signature once; entries never outlive the token's {@code exp} and go when
	 * their signing key leaves the JWKS.
	 */
	public record TokenCache(@DefaultValue("true") boolean enabled,
			@Min(1) @Max(10_000_000) @DefaultValue("10000") int maxSize) {
	}

}
