package dev.stepup.bank.security.stepup;

import java.util.function.Supplier;

import dev.stepup.bank.security.BearerChallenge;
import dev.stepup.bank.security.ChallengeDecision;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Puts {@link StepUpPolicy} in the filter chain, in front of {@code POST
 * /transfer}, so that its refusals come before the body is read and carry the
 * RFC 9470 challenge the front-end needs to step up.
 */
@Component
public class StepUpAuthorizationManager implements AuthorizationManager<RequestAuthorizationContext> {

	private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);

	private final StepUpPolicy policy;

	StepUpAuthorizationManager(StepUpPolicy policy) {
		this.policy = policy;
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
			return new ChallengeDecision(BearerChallenge.missingToken(), "no_token");
		}
		return this.policy.check(token, token.getToken()).<AuthorizationResult>map((denied) -> denied).orElse(GRANTED);
	}

}
