package dev.stepup.bank.support;

import java.util.List;
import java.util.Map;

/**
 * The {@code WWW-Authenticate} values the README documents for a bound
 * transfer, built in one place so that a parameter every challenge gains (such
 * as RFC 9728's {@code resource_metadata}) is added here once.
 */
public final class Challenges {

	public static final String PAYMENT_NOT_AUTHORIZED_TYPE = "urn:stepup-bank:problem:insufficient-authorization-details";

	public static final String PAYMENT_NOT_AUTHORIZED_TITLE = "Payment not authorized";

	public static final String MISMATCH = "the transfer does not match the payment approved with this token";

	public static final String BINDING_REQUIRED = "moving money needs a token bound to the payment "
			+ "(authorization_details of type payment_initiation)";

	public static final String AUTHENTICATION_USED = "this authentication has already authorized a transfer; "
			+ "authenticate again";

	private Challenges() {
	}

	public static String insufficientAuthorizationDetails(String description) {
		return bearer("insufficient_authorization_details", List.of(), description);
	}

	public static String invalidToken(String description) {
		return bearer("invalid_token", List.of(), description);
	}

	public static String stepUpAgain() {
		return bearer("insufficient_user_authentication",
				List.of(Map.entry("acr_values", "\"" + TokenMint.MFA_ACR + "\""), Map.entry("max_age", "0")),
				AUTHENTICATION_USED);
	}

	/** Parameters in the API's order: error, the hints, then error_description. */
	private static String bearer(String error, List<Map.Entry<String, String>> hints, String description) {
		StringBuilder value = new StringBuilder("Bearer error=\"").append(error).append('"');
		hints.forEach((hint) -> value.append(", ").append(hint.getKey()).append('=').append(hint.getValue()));
		return value.append(", error_description=\"").append(description).append('"').toString();
	}

}
