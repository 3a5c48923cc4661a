package dev.stepup.bank.support;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one place tests read and build a {@code WWW-Authenticate} challenge.
 * Every challenge (Bearer and DPoP alike) ends with RFC 9728's
 * {@code resource_metadata}, the API's own metadata URL as the request reached
 * it; {@link #of(Api.Response)} checks it is there, last, and well formed on
 * every challenge of the header, and answers the rest, so a test states only
 * the part of the challenge it is about. The expected DPoP values are built
 * here too, so a change to every challenge is one edit.
 The challenges of a bound transfer
 * (RFC 9396) are built here too, without their resource_metadata.
 */
public final class Challenges {

	public static final String RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

	/** What MockMvc requests (http://localhost, port 80) are told. */
	public static final String MOCK_MVC_RESOURCE_METADATA = "http://localhost" + RESOURCE_METADATA_PATH;

	private static final String RESOURCE_METADATA_PARAMETER =
			"(, | )resource_metadata=\"(https?://(127\\.0\\.0\\.1|localhost|bank\\.example)(:\\d+)?"
					+ RESOURCE_METADATA_PATH.replace(".", "\\.") + ")\"";

	private static final Pattern RESOURCE_METADATA = Pattern.compile(RESOURCE_METADATA_PARAMETER + "$");

	/** resource_metadata closing one challenge of several: followed by the next scheme. */
	private static final Pattern ANY_RESOURCE_METADATA = Pattern.compile(RESOURCE_METADATA_PARAMETER + "(?=, [A-Za-z]+(,| |$)|$)");

	public static final String ALGS = "algs=\"ES256 PS256\"";

	/** No token, where both schemes are accepted: RFC 6750 section 3.1 and RFC 9449 section 7.1. */
	public static final String BEARER_OR_DPOP = "Bearer, DPoP " + ALGS;

	/** No token, where policy accepts only DPoP. */
	public static final String DPOP_ONLY = "DPoP " + ALGS;


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

	/** The response's challenge without its resource_metadata, after checking that it is there; null without one. */
	public static String of(Api.Response response) {
		return of(response.header("WWW-Authenticate"));
	}

	/** The challenges of this header, each without its resource_metadata, after checking the last one has it. */
	public static String of(String header) {
		if (header == null) {
			return null;
		}
		assertThat(RESOURCE_METADATA.matcher(header).find()).as("resource_metadata, last, in %s", header).isTrue();
		String rest = ANY_RESOURCE_METADATA.matcher(header).replaceAll("");
		assertThat(rest).as("a resource_metadata out of place in %s", header).doesNotContain("resource_metadata");
		return rest;
	}

	/** The resource_metadata URL of the response's challenge. */
	public static String resourceMetadata(Api.Response response) {
		Matcher metadata = RESOURCE_METADATA.matcher(String.valueOf(response.header("WWW-Authenticate")));
		assertThat(metadata.find()).as("resource_metadata in %s", response.header("WWW-Authenticate")).isTrue();
		return metadata.group(2);
	}

	/** The whole header a MockMvc request gets for this challenge. */
	public static String mockMvc(String challenge) {
		return withResourceMetadata(challenge, MOCK_MVC_RESOURCE_METADATA);
	}

	public static String withResourceMetadata(String challenge, String resourceMetadata) {
		return challenge + (challenge.equals("Bearer") ? " " : ", ") + "resource_metadata=\"" + resourceMetadata
				+ "\"";
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

	/** Parameters in the API's order: error, the hints, then error_description. */
	private static String bearer(String error, List<Map.Entry<String, String>> hints, String description) {
		StringBuilder value = new StringBuilder("Bearer error=\"").append(error).append('"');
		hints.forEach((hint) -> value.append(", ").append(hint.getKey()).append('=').append(hint.getValue()));
		return value.append(", error_description=\"").append(description).append('"').toString();
	}

}
