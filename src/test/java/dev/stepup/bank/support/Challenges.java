package dev.stepup.bank.support;

/**
 * Every expected {@code WWW-Authenticate} value of the DPoP tests, built in
 * one place, so a change to the challenges (another parameter on every one)
 * is one edit here.
 */
public final class Challenges {

	public static final String ALGS = "algs=\"ES256 PS256\"";

	/** No token, where both schemes are accepted: RFC 6750 section 3.1 and RFC 9449 section 7.1. */
	public static final String BEARER_OR_DPOP = "Bearer, DPoP " + ALGS;

	/** No token, where policy accepts only DPoP. */
	public static final String DPOP_ONLY = "DPoP " + ALGS;

	private Challenges() {
	}

	public static String bearer(String error, String description) {
		return "Bearer error=\"" + error + "\", error_description=\"" + description + "\"";
	}

	/** A DPoP challenge with hints between the error and its description (scope, acr_values, max_age). */
	public static String dpop(String error, String hints, String description) {
		return "DPoP error=\"" + error + "\", " + (hints.isEmpty() ? "" : hints + ", ") + "error_description=\""
				+ description + "\", " + ALGS;
	}

	public static String dpop(String error, String description) {
		return dpop(error, "", description);
	}

	/** A DPoP-bound token sent as a bearer token: the Bearer refusal, and how to do it right. */
	public static String downgrade(String description) {
		return bearer("invalid_token", description) + ", DPoP " + ALGS;
	}

}
