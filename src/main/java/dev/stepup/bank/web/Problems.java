package dev.stepup.bank.web;

import java.net.URI;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** How every problem (RFC 9457) the API writes is named: a type under one URN, a title, a detail. */
public final class Problems {

	/** Every problem type is this URN followed by a name, e.g. {@code urn:stepup-bank:problem:not-found}. */
	public static final String TYPE_BASE = "urn:stepup-bank:problem:";

	/** Names as the API spells them: letters, digits, {@code . _ - [ ]}; at most 64. */
	private static final Pattern ECHOABLE = Pattern.compile("[A-Za-z0-9._\\[\\]-]{1,64}");

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

	/**
	 * The problem for a status the container chose without saying why: Tomcat
	 * refusing a request before any filter ran, or a {@code sendError} that ends
	 * on {@code /error}. A 5xx here is not always the server's fault: 501 and
	 * 505 are answers to what the client sent, and say what to change.
	 */
	public static ProblemDetail ofStatus(HttpStatus status) {
		return switch (status) {
			case NOT_IMPLEMENTED -> of(status, "not-implemented", "Not implemented",
					"the request uses a feature this server does not implement, such as a transfer coding other than chunked");
			case HTTP_VERSION_NOT_SUPPORTED -> of(status, "http-version-not-supported", "HTTP version not supported",
					"send the request as HTTP/1.1");
			default -> status.is4xxClientError()
					? of(status, "client-error", status.getReasonPhrase(), "the request was not accepted")
					: of(status, "internal", status.getReasonPhrase(), "the request could not be completed");
		};
	}

	/**
	 * Whether a caller's text (a field name, a path segment, a header's token)
	 * may be repeated in a detail. A detail is shown to people, so only text
	 * that looks like one of the API's own names is: never markup, control or
	 * bidirectional characters, or kilobytes of it. The caller says what it
	 * refers to in other words when this is false.
	 */
	public static boolean echoable(String text) {
		return text != null && ECHOABLE.matcher(text).matches();
	}

}
