package dev.stepup.demo.authserver;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.stepup.demo.payment.InvalidAuthorizationDetails;
import dev.stepup.demo.payment.PaymentApprovals;
import dev.stepup.demo.payment.PaymentInitiation;
import dev.stepup.demo.stepup.AuthenticationEvidence;
import dev.stepup.demo.stepup.StepUpPolicy;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * Shapes access tokens as the API expects them (RFC 9068: {@code typ} {@code at+jwt},
 * the API as {@code aud}, {@code client_id}, {@code scope} as one string) and puts
 * the authentication evidence ({@code amr}, {@code acr}, {@code auth_time}) in access
 * and ID tokens. A token from a request that asked to approve payments carries them,
 * as approved, in {@code authorization_details} (RFC 9396), for the API to enforce.
 */
@Component
final class AccessTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final TokenProperties properties;

	private final StepUpPolicy policy;

	private final PaymentApprovals payments;

	AccessTokenClaims(TokenProperties properties, StepUpPolicy policy, PaymentApprovals payments) {
		this.properties = properties;
		this.policy = policy;
		this.payments = payments;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		AuthenticationEvidence evidence = AuthenticationEvidence.of(context.getPrincipal());
		JwtClaimsSet.Builder claims = context.getClaims();
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			Set<String> scopes = context.getAuthorizedScopes();
			List<PaymentInitiation> approved = approvedPayments(context);
			boolean stepUp = this.policy.requiresSecondFactor(scopes) || !approved.isEmpty();
			// The step-up filter makes this impossible; should it ever fail, no such token leaves this server.
			if (stepUp && !evidence.multiFactor()) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED,
						"these scopes need a second factor in the authorization request", null));
			}
			// Each use of such a scope needs a fresh second factor: a refresh may keep the other scopes only.
			if (stepUp && AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
						"a refresh cannot renew " + String.join(" ", this.policy.secondFactorScopesIn(scopes))
								+ ": it needs a new second factor; refresh with a narrower scope",
						null));
			}
			context.getJwsHeader().type("at+jwt");
			claims.audience(List.of(this.properties.audience()))
				.claim("client_id", context.getRegisteredClient().getClientId())
				.claim(OAuth2ParameterNames.SCOPE, String.join(" ", new TreeSet<>(scopes)));
			if (!approved.isEmpty()) {
				claims.claim(PaymentApprovals.PARAMETER, this.payments.claim(approved));
			}
			if (stepUp) {
				claims.claims((values) -> {
					Instant latest = ((Instant) values.get(JwtClaimNames.IAT))
						.plus(this.properties.stepUpTokenTimeToLive());
					values.computeIfPresent(JwtClaimNames.EXP,
							(name, expiresAt) -> ((Instant) expiresAt).isAfter(latest) ? latest : expiresAt);
				});
			}
			addEvidence(claims, evidence);
		}
		else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			claims.claims((values) -> values.put(JwtClaimNames.EXP,
					((Instant) values.get(JwtClaimNames.IAT)).plus(this.properties.idTokenTimeToLive())));
			addEvidence(claims, evidence);
		}
	}

	/**
	 * The payments the customer approved with this grant: read again from the request
	 * (checked when it came, and again here, as the token is what the API trusts). A
	 * refresh carries none: an approval is for the token it was given with.
	 */
	private List<PaymentInitiation> approvedPayments(JwtEncodingContext context) {
		if (context.getAuthorization() == null
				|| AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())) {
			return List.of();
		}
		try {
			List<PaymentInitiation> approved = this.payments
				.read(PaymentApprovals.requestedIn(context.getAuthorization()).orElse(null));
			this.payments.requireOwnedBy(context.getPrincipal().getName(), approved);
			return approved;
		}
		catch (InvalidAuthorizationDetails ex) {
			throw new OAuth2AuthenticationException(ex.error());
		}
	}

	private static void addEvidence(JwtClaimsSet.Builder claims, AuthenticationEvidence evidence) {
		if (!evidence.methods().isEmpty()) {
			claims.claim("amr", evidence.methods());
		}
		evidence.authenticatedAt().ifPresent((at) -> claims.claim("auth_time", at.getEpochSecond()));
		evidence.authenticationContextClass().ifPresent((acr) -> claims.claim("acr", acr));
	}

}
