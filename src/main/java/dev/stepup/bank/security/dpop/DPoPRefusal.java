package dev.stepup.bank.security.dpop;

import dev.stepup.bank.security.BearerChallenge;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A request refused for a DPoP reason, as a typed error: the challenge to
 * send, a low-cardinality cause for metrics and audit, and whether the client
 * spoke {@code Bearer} (the downgrade answer keeps the Bearer challenge and
 * adds the DPoP one) or {@code DPoP}.
 */
public class DPoPRefusal extends OAuth2AuthenticationException {

	private final transient BearerChallenge challenge;

	private final String cause;

	private final boolean bearerAlsoAccepted;

	DPoPRefusal(BearerChallenge challenge, String cause, boolean bearerAlsoAccepted) {
		super(new OAuth2Error(challenge.error(), challenge.description(), null), challenge.description());
		this.challenge = challenge;
		this.cause = cause;
		this.bearerAlsoAccepted = bearerAlsoAccepted;
	}

	static DPoPRefusal proof(String cause, String description) {
		return new DPoPRefusal(BearerChallenge.invalidDpopProof(description), cause, false);
	}

	static DPoPRefusal token(String cause, String description) {
		return new DPoPRefusal(BearerChallenge.invalidToken(description), cause, false);
	}

	/** A DPoP-bound token sent as a bearer token: whoever sends it this way cannot prove they hold its key. */
	static DPoPRefusal downgrade() {
		return new DPoPRefusal(BearerChallenge.invalidToken(
				"this token is DPoP-bound: send it with the DPoP scheme and a DPoP proof"), "bearer_downgrade", true);
	}

	static DPoPRefusal nonce(String cause, String description) {
		return new DPoPRefusal(BearerChallenge.useDpopNonce(description), cause, false);
	}

	public BearerChallenge challenge() {
		return this.challenge;
	}

	public String cause() {
		return this.cause;
	}

	boolean bearerAlsoAccepted() {
		return this.bearerAlsoAccepted;
	}

}
