package dev.stepup.bank.web;

import java.net.URI;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.stepup.bank.database.DatabaseProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every failure a controller can meet, mapped to a problem (RFC 9457) in one
 * place. Details say what was wrong with the request, never how the server is
 * built: no stack trace, no SQL, no class names. It knows no feature: a
 * feature's failure is a {@link ProblemException} that carries its own status,
 * type and title, and Spring's {@code ErrorResponse} handling renders it here.
 * It is the last advice asked, so a module's own advice (the step-up
 * challenges of {@code security}) answers its exceptions first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemHandling extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

	private static final URI ABOUT_BLANK = URI.create("about:blank");


	private final DatabaseProperties database;

	ProblemHandling(DatabaseProperties database) {
		this.database = database;
	}

	/**
	 * The database failed before a decision: a wait ran out (bank.database.*), the
	 * connection broke, or a rollback failed on a broken connection. Nothing was
	 * committed, so the client may retry.
	 */
	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException ex) {
		log.error("database failure: {}", ex.toString());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, this.database.retryAfterHeader())
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable",
					"the request could not be completed; nothing was changed, retry later"));
	}

	/**
	 * Spring Security's own exceptions belong to its filter chain, which answers
	 * them with the right challenge; a header the firewall refuses when a
	 * controller reads it (a control character in Idempotency-Key) is its 400.
	 */
	@ExceptionHandler({ AccessDeniedException.class, AuthenticationException.class, RequestRejectedException.class })
	void securityDecision(RuntimeException ex) {
		throw ex;
	}

	@ExceptionHandler
	ProblemDetail unexpected(Exception ex) {
		log.error("unexpected failure", ex);
		return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
				"the request could not be completed");
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof PayloadTooLarge tooLarge) {
				return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
					.body(BodySizeLimitFilter.tooLarge(tooLarge.maxBytes()));
			}
		}
		return ResponseEntity.badRequest()
			.body(Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", describe(ex)));
	}

	/**
	 * A path with no operation that the security rules let through (a static
	 * resource would be served there): Spring's detail names its static resource
	 * handling and repeats the path; this says only that nothing is there.
	 */
	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return handleExceptionInternal(ex,
				Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "nothing is at this path"), headers,
				status, request);
	}

	/**
	 * Spring's own refusals (415, 406, 405, a missing header, …) come as problems
	 * of type {@code about:blank}; here each gets a type of its own, named for its
	 * status, like every other problem the API writes. A 503 a module raised (a
	 * transfer whose outcome is unknown) says when to retry, as the database's own
	 * 503 does.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
			problem.setType(URI.create(Problems.TYPE_BASE + typeFor(statusCode)));
		}
		HttpHeaders answered = HttpHeaders.copyOf(headers);
		if (body instanceof ProblemDetail && answered.getContentType() == null) {
			// named here, not negotiated: an Accept that cannot be parsed (the very cause of
			// a 406) would otherwise leave the problem unwritten, an empty body
			answered.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		}
		if (statusCode.value() == HttpStatus.SERVICE_UNAVAILABLE.value() && !answered.containsHeader(HttpHeaders.RETRY_AFTER)) {
			answered.set(HttpHeaders.RETRY_AFTER, this.database.retryAfterHeader());
		}
		return super.createResponseEntity(body, answered, statusCode, request);
	}

	/** {@code unsupported-media-type} for 415, {@code not-acceptable} for 406: the status's reason, as a name. */
	static String typeFor(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
				: (status.is4xxClientError() ? "client-error" : "internal");
	}

	private static String describe(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof JacksonException json) {
			String field = json.getPath()
				.stream()
				.map((reference) -> reference.getPropertyName() != null ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.collect(Collectors.joining("."));
			String kind = json.getClass().getSimpleName();
			if (kind.equals("UnrecognizedPropertyException")) {
				return Problems.echoable(field) ? "unknown field '" + field + "'"
						: "an unknown field, whose name is not repeated here";
			}
			if (!field.isEmpty()) {
				return "field '" + field + "' has a value of the wrong type or format";
			}
			// a syntax error or a duplicated key: where the parser stopped is what the client needs
			if (json instanceof StreamReadException read && read.processor() != null
					&& Problems.echoable(read.processor().currentName())) {
				return "the body is not valid JSON at field '" + read.processor().currentName() + "'";
			}
			return "the body is not valid JSON";
		}
		return "the body is missing or is not valid JSON";
	}

}
