package dev.stepup.bank.security;

import java.text.ParseException;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * The {@code cause} tag of a refused token, read from the failure's types,
 * never from its description: the {@link TokenError} our resolver, decoder and
 * validators attach, else the Nimbus exception under Spring's.
 */
final class RefusalCause {

	static final String OTHER = "other";

	private RefusalCause() {
	}

	static String of(Throwable failure) {
		boolean badSignature = false;
		boolean keyOrAlgorithm = false;
		for (Throwable t = failure; t != null; t = t.getCause()) {
			String typed = typed(t);
			if (typed != null) {
				return typed;
			}
			if (t instanceof ParseException) {
				return "malformed";
			}
			badSignature |= t instanceof BadJWSException;
			keyOrAlgorithm |= t instanceof BadJOSEException;
			// NimbusJwtDecoder refuses an unsecured (alg none) JWT with a BadJwtException of its own and no cause
			if (t instanceof BadJwtException && !(t instanceof JwtValidationException) && t.getCause() == null) {
				return "algorithm";
			}
		}
		if (badSignature) {
			return "bad_signature";
		}
		return keyOrAlgorithm ? "unknown_key_or_algorithm" : OTHER;
	}

	private static String typed(Throwable failure) {
		if (failure instanceof OAuth2AuthenticationException oauth && oauth.getError() instanceof TokenError error) {
			return error.cause();
		}
		if (failure instanceof JwtValidationException invalid) {
			for (OAuth2Error error : invalid.getErrors()) {
				if (error instanceof TokenError classified) {
					return classified.cause();
				}
			}
		}
		return null;
	}

}
