package dev.stepup.bank.security.token;

import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The JWKS could not be fetched and no cached key set could stand in. Not a
 * fault of the token: the API answers 503 with Retry-After, never 500 or 401.
 */
public class SigningKeysUnavailable extends JwtException {

	SigningKeysUnavailable(Throwable cause) {
		super("signing keys unavailable", cause);
	}

	/** Whether this failure, anywhere in its cause chain, is a key outage. */
	public static boolean isCause(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof SigningKeysUnavailable) {
				return true;
			}
		}
		return false;
	}

}
