package dev.stepup.bank.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one place tests read a {@code WWW-Authenticate} challenge. Every
 * challenge ends with RFC 9728's {@code resource_metadata}, the API's own
 * metadata URL as the request reached it; {@link #of(Api.Response)} checks it
 * is there and well formed and answers the rest, so a test states only the
 * part of the challenge it is about.
 */
public final class Challenges {

	public static final String RESOURCE_METADATA_PATH = "/.well-known/oauth-protected-resource";

	/** What MockMvc requests (http://localhost, port 80) are told. */
	public static final String MOCK_MVC_RESOURCE_METADATA = "http://localhost" + RESOURCE_METADATA_PATH;

	private static final Pattern RESOURCE_METADATA = Pattern
		.compile("(, | )resource_metadata=\"(http://(127\\.0\\.0\\.1|localhost)(:\\d+)?" + RESOURCE_METADATA_PATH
				.replace(".", "\\.") + ")\"$");

	private Challenges() {
	}

	/** The response's challenge without its resource_metadata, after checking that it is there; null without one. */
	public static String of(Api.Response response) {
		String header = response.header("WWW-Authenticate");
		if (header == null) {
			return null;
		}
		Matcher metadata = RESOURCE_METADATA.matcher(header);
		assertThat(metadata.find()).as("resource_metadata, last, in %s", header).isTrue();
		return header.substring(0, metadata.start());
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

}
