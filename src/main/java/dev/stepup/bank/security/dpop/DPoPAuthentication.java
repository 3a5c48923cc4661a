package dev.stepup.bank.security.dpop;

import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A token whose holder proved possession of the key it is bound to, on this
 * request, with a proof never seen before. Policies that need a
 * sender-constrained token ask for this type.
 */
public class DPoPAuthentication extends JwtAuthenticationToken {

	private final String keyThumbprint;

	DPoPAuthentication(JwtAuthenticationToken token, String keyThumbprint) {
		super(token.getToken(), token.getAuthorities(), token.getName());
		this.keyThumbprint = keyThumbprint;
	}

	/** The RFC 7638 SHA-256 thumbprint of the proof key, equal to the token's {@code cnf.jkt}. */
	public String keyThumbprint() {
		return this.keyThumbprint;
	}

	@Override
	public boolean equals(Object other) {
		return super.equals(other) && other instanceof DPoPAuthentication dpop
				&& this.keyThumbprint.equals(dpop.keyThumbprint);
	}

	@Override
	public int hashCode() {
		return super.hashCode() * 31 + this.keyThumbprint.hashCode();
	}

}
