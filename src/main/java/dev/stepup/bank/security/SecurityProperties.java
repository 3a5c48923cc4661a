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
 *
 * @param stepUp what proves a second factor on a transfer token
 * @param token rules every token must meet
 * @param jwks the cache in front of the authorization server's key set
 * @param spentTokens the record of transfer tokens already used
 * @param tokenCache the cache of tokens already verified
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
	 *
	 * @param acceptedAmr {@code amr} values that prove MFA
	 * @param acceptedAcr {@code acr} values that prove MFA (also sent as {@code acr_values})
	 * @param maxAge maximum age of {@code auth_time} for a transfer
	 * @param authorizationDetails RFC 9396 payment binding: {@code required}, {@code when-present} or
	 *        {@code off}
	 * @param oneTransferPerAuthentication spend the authentication event ({@code iss}, {@code sub},
	 *        {@code auth_time}, approved payments) with the transfer, so a refreshed token cannot move
	 *        money again
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
	 *
	 * @param clockSkew tolerance on {@code exp}, {@code nbf}, {@code iat}, {@code auth_time}
	 * @param maxTransferTokenLifetime maximum {@code exp − iat} of a transfer token
	 * @param maxSize longer tokens are refused before parsing
	 * @param requireAtJwtType accept only {@code typ: at+jwt} (RFC 9068)
	 * @param customerClaim the claim holding the customer id; a token without it gets no customer scope
	 */
	public record Token(@NotNull @DefaultValue("30s") Duration clockSkew,
			@NotNull @DefaultValue("10m") Duration maxTransferTokenLifetime,
			@NotNull @DefaultValue("8KB") DataSize maxSize,
			@DefaultValue("false") boolean requireAtJwtType,
			@NotBlank @Size(max = 255) @DefaultValue("sub") String customerClaim) {
	}

	/**
	 * The JWKS cache in front of the authorization server's key set.
	 *
	 * @param cacheTtl how long a fetched key set is used
	 * @param refreshTimeout how long a request waits for a refresh in progress
	 * @param refreshAhead refresh in the background this long before expiry
	 * @param rateLimitInterval on average at most one fetch per interval for unknown {@code kid}s
	 * @param outageTolerance keep using cached keys this long while the JWKS is down
	 * @param connectTimeout JWKS HTTP connect timeout
	 * @param readTimeout JWKS HTTP read timeout
	 * @param sizeLimit largest JWKS accepted
	 * @param retryAfter {@code Retry-After} on the 503 when no keys can be had
	 */
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

	/**
	 * The Caffeine cache that answers replays without a database round trip, and
	 * the purge of the {@code spent_tokens} table behind it.
	 *
	 * @param cacheSize entries in the replay cache (each expires with its token)
	 * @param purgeInterval how often expired rows leave {@code spent_tokens}
	 */
	public record SpentTokens(@Min(1) @Max(10_000_000) @DefaultValue("100000") int cacheSize,
			@NotNull @DefaultValue("10m") Duration purgeInterval) {
	}

	/**
	 * Tokens already verified, so that a token reused on every call pays for its
	 * signature once; entries never outlive the token's {@code exp} and go when
	 * their signing key leaves the JWKS.
	 *
	 * @param enabled remember verified tokens
	 * @param maxSize entries in the verified-token cache (each expires with its token)
	 */
	public record TokenCache(@DefaultValue("true") boolean enabled,
			@Min(1) @Max(10_000_000) @DefaultValue("10000") int maxSize) {
	}

}
