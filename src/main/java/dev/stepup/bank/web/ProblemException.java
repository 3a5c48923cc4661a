package dev.stepup.bank.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A failure that carries its own answer: status, problem type, title and
 * detail, as a Spring {@code ErrorResponse}. Feature modules name their
 * failures by extending it, so the problem mapping here renders them without
 * knowing any of them.
 */
public abstract class ProblemException extends ErrorResponseException {

	protected ProblemException(HttpStatus status, String type, String title, String detail) {
		this(status, type, title, detail, null);
	}

	protected ProblemException(HttpStatus status, String type, String title, String detail, Throwable cause) {
		super(status, Problems.of(status, type, title, detail), cause);
	}

	/** The detail the client reads, not Spring's summary of status, headers and body. */
	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
