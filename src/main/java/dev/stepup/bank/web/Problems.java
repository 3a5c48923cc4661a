package dev.stepup.bank.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** How every problem (RFC 9457) the API writes is named: a type under one URN, a title, a detail. */
public final class Problems {

	/** Every problem type is this URN followed by a name, e.g. {@code urn:stepup-bank:problem:not-found}. */
	public static final String TYPE_BASE = "urn:stepup-bank:problem:";

	private Problems() {
	}

	public static ProblemDetail of(HttpStatusCode status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

}
