package dev.stepup.bank.security;

import org.springframework.security.authorization.AuthorizationDecision;

/**
 * A denied authorization that knows which challenge to send, so the access
 * denied handler answers 403 insufficient_scope, 401
 * insufficient_user_authentication or 401 invalid_token without re-deciding.
 * {@code reason} is a short, low-cardinality label for logs.
 */
public class ChallengeDecision extends AuthorizationDecision {

	private final BearerChallenge challenge;

	private final String reason;

	public ChallengeDecision(BearerChallenge challenge, String reason) {
		super(false);
		this.challenge = challenge;
		this.reason = reason;
	}

	public BearerChallenge challenge() {
		return this.challenge;
	}

	public String reason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "ChallengeDecision[" + this.reason + "]";
	}

}
