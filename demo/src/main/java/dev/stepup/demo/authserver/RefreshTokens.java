package dev.stepup.demo.authserver;

import dev.stepup.demo.stepup.StepUpPolicy;

import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens as Spring Authorization Server issues them, except for grants with
 * a scope that needed the second factor: each use of such a scope must pass the
 * second factor again, so it must not be renewable.
 */
final class RefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private final OAuth2RefreshTokenGenerator refreshTokens = new OAuth2RefreshTokenGenerator();

	private final StepUpPolicy policy;

	RefreshTokens(StepUpPolicy policy) {
		this.policy = policy;
	}

	@Override
	public OAuth2RefreshToken generate(OAuth2TokenContext context) {
		if (this.policy.requiresSecondFactor(context.getAuthorizedScopes())) {
			return null;
		}
		return this.refreshTokens.generate(context);
	}

}
