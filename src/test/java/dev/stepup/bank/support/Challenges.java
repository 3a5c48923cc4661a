package dev.stepup.bank.support;

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


	private Challenges() {
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

}
