package dev.stepup.bank.security.stepup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import dev.stepup.bank.security.BearerChallenge;
import dev.stepup.bank.security.ChallengeDecision;
import dev.stepup.bank.security.NumericDate;
import dev.stepup.bank.security.Scopes;
import dev.stepup.bank.security.SecurityProperties;
import dev.stepup.bank.security.TokenClaims;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * The rule for moving money, checked in the order of DESIGN.md: the scope, then
 * that the token is fit to be spent once (jti, bounded lifetime, readable
 * authorization_details), then MFA evidence, then its age, then (when binding
 * is required) that it is bound to a payment. Every check fails closed: a
 * missing or malformed claim is treated as absent evidence. Whether the bound
 * payment is the one in the body is decided later, where the body is read
 * ({@link PaymentBinding#requireAuthorizes}).
 */
@Component
public class StepUpPolicy {

	private static final long MAX_JTI_LENGTH = 255;

	private final SecurityProperties.StepUp stepUp;

	private final SecurityProperties.Token token;

	private final Clock clock;

	private final PaymentBinding binding;

	StepUpPolicy(SecurityProperties properties, Clock clock, PaymentBinding binding) {
		this.stepUp = properties.stepUp();
		this.token = properties.token();
		this.clock = clock;
		this.binding = binding;
	}

	/** Empty when the token may move money; otherwise the refusal to send. */
	public Optional<ChallengeDecision> check(Authentication authentication, Jwt jwt) {
		if (authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.noneMatch(Scopes.TRANSFER_FUNDS_AUTHORITY::equals)) {
			return deny(BearerChallenge.insufficientScope(Scopes.TRANSFER_FUNDS,
					"moving money needs the transfer:funds scope"), "insufficient_scope");
		}
		String jti = TokenClaims.tokenId(jwt);
		// the jti is stored (spent_tokens.jti): no longer than its column, no control character
		if (jti == null || jti.isBlank() || jti.length() > MAX_JTI_LENGTH || jti.chars().anyMatch(Character::isISOControl)) {
			return deny(BearerChallenge.invalidToken("a transfer token must carry a jti"), "missing_jti");
		}
		Instant issuedAt = jwt.getIssuedAt();
		if (issuedAt == null || jwt.getExpiresAt() == null) {
			return deny(BearerChallenge.invalidToken("a transfer token must carry iat and exp"), "missing_iat");
		}
		if (Duration.between(issuedAt, jwt.getExpiresAt()).compareTo(this.token.maxTransferTokenLifetime()) > 0) {
			return deny(BearerChallenge.invalidToken("a transfer token may live at most "
					+ this.token.maxTransferTokenLifetime().toSeconds() + " seconds"), "lifetime_too_long");
		}
		List<PaymentInitiation> payments;
		try {
			payments = this.binding.payments(jwt.getClaims().get(PaymentBinding.CLAIM));
		}
		catch (PaymentBinding.MalformedAuthorizationDetails ex) {
			return deny(BearerChallenge.invalidToken(ex.getMessage()), "malformed_authorization_details");
		}
		if (!hasMfaEvidence(jwt)) {
			return deny(BearerChallenge.insufficientUserAuthentication(acrValues(), null,
					"moving money needs multi-factor authentication"), "mfa_required");
		}
		Instant authTime = authTime(jwt);
		Instant now = this.clock.instant();
		if (authTime == null || authTime.isAfter(now.plus(this.token.clockSkew()))
				|| Duration.between(authTime, now).compareTo(this.stepUp.maxAge()) > 0) {
			return deny(BearerChallenge.insufficientUserAuthentication(acrValues(), this.stepUp.maxAge().toSeconds(),
					"moving money needs an authentication no older than " + this.stepUp.maxAge().toSeconds()
							+ " seconds"),
					"mfa_too_old");
		}
		if (payments.isEmpty() && this.binding.mode() == AuthorizationDetailsMode.REQUIRED) {
			PaymentNotAuthorized missing = PaymentNotAuthorized.missing();
			return deny(missing.challenge(), missing.cause());
		}
		return Optional.empty();
	}

	private boolean hasMfaEvidence(Jwt jwt) {
		Object amr = jwt.getClaims().get("amr");
		if (amr instanceof Collection<?> methods && methods.stream().anyMatch(this.stepUp.acceptedAmr()::contains)) {
			return true;
		}
		Object acr = jwt.getClaims().get("acr");
		if (acr instanceof String level && this.stepUp.acceptedAcr().contains(level)) {
			return true;
		}
		// Entra ID: the authentication contexts the user satisfied (Conditional Access), e.g. ["c1"]
		Object contexts = jwt.getClaims().get("acrs");
		return contexts instanceof Collection<?> satisfied
				&& satisfied.stream().anyMatch(this.stepUp.acceptedAcr()::contains);
	}

	/** Null unless auth_time is a whole NumericDate: a string, a fraction, a huge or a negative number is no evidence. */
	static Instant authTime(Jwt jwt) {
		Object value = jwt.getClaims().get("auth_time");
		if (value instanceof Instant instant) {
			return instant;
		}
		return (value instanceof Long || value instanceof Integer) ? NumericDate.of(value).orElse(null) : null;
	}

	private String acrValues() {
		return String.join(" ", this.stepUp.acceptedAcr());
	}

	private static Optional<ChallengeDecision> deny(BearerChallenge challenge, String reason) {
		return Optional.of(new ChallengeDecision(challenge, reason));
	}

}
