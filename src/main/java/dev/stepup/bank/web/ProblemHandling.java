package dev.stepup.bank.web;

import java.net.URI;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.stepup.bank.database.DatabaseProperties;
import dev.stepup.bank.ledger.InvalidAmount;
import dev.stepup.bank.opening.AccountAlreadyOpened;
import dev.stepup.bank.opening.InvalidOpening;
import dev.stepup.bank.opening.UnknownAccountId;
import dev.stepup.bank.security.BearerChallenge;
import dev.stepup.bank.security.dpop.DPoPChallenges;
import dev.stepup.bank.security.stepup.StepUpRefusal;
import dev.stepup.bank.security.stepup.TokenAlreadySpent;
import dev.stepup.bank.transfer.IdempotencyKeyInFlight;
import dev.stepup.bank.transfer.IdempotencyKeyReused;
import dev.stepup.bank.transfer.InsufficientFunds;
import dev.stepup.bank.transfer.InvalidTransfer;
import dev.stepup.bank.transfer.TransferOutcomeUnknown;
import dev.stepup.bank.transfer.UnknownAccount;
import dev.stepup.bank.transfer.UnknownTransfer;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure a controller can meet, mapped to a problem (RFC 9457) in one
 * place. Details say what was wrong with the request, never how the server is
 * built: no stack trace, no SQL, no class names.
 */
@RestControllerAdvice
class ProblemHandling extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

	private static final String TYPE_BASE = "urn:stepup-bank:problem:";

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private final DatabaseProperties database;

	private final DPoPChallenges challenges;

	ProblemHandling(DatabaseProperties database, DPoPChallenges challenges) {
		this.database = database;
		this.challenges = challenges;
	}

	@ExceptionHandler({ InvalidAmount.class, InvalidTransfer.class })
	ProblemDetail invalidTransfer(RuntimeException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-transfer", "Invalid transfer", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail invalidOpening(InvalidOpening ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-account", "Invalid account", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail accountAlreadyOpened(AccountAlreadyOpened ex) {
		return problem(HttpStatus.CONFLICT, "account-exists", "Account exists", ex.getMessage());
	}

	@ExceptionHandler({ UnknownAccount.class, UnknownTransfer.class, UnknownAccountId.class })
	ProblemDetail notFound(RuntimeException ex) {
		return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> insufficientFunds(InsufficientFunds ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "insufficient-funds", "Insufficient funds",
				ex.getMessage());
		problem.setProperty("transferId", ex.transfer().id());
		return ResponseEntity.unprocessableContent()
			.header("Idempotent-Replayed", Boolean.toString(ex.replayed()))
			.body(problem);
	}

	@ExceptionHandler
	ProblemDetail idempotencyKeyReused(IdempotencyKeyReused ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
				ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> idempotencyKeyInFlight(IdempotencyKeyInFlight ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(problem(HttpStatus.CONFLICT, "idempotency-key-in-flight", "Request in progress", ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> tokenAlreadySpent(TokenAlreadySpent ex, HttpServletRequest request) {
		return challenged(BearerChallenge.invalidToken(ex.getMessage()), request);
	}

	/** A payment the token does not authorize, or an authentication already used: the challenge it carries. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> stepUpRefused(StepUpRefusal ex, HttpServletRequest request) {
		return challenged(ex.challenge(), request);
	}

	/** Under the scheme the request used: a DPoP request is answered with a DPoP challenge (RFC 9449 section 7.1). */
	private ResponseEntity<ProblemDetail> challenged(BearerChallenge challenge, HttpServletRequest request) {
		return ResponseEntity.status(challenge.status())
			.header(HttpHeaders.WWW_AUTHENTICATE, this.challenges.wwwAuthenticate(request, challenge))
			.body(challenge.problem());
	}

	/**
	 * The database failed before a decision: a wait ran out (bank.database.*), the
	 * connection broke, or a rollback failed on a broken connection. Nothing was
	 * committed, so the client may retry.
	 */
	@ExceptionHandler({ DataAccessException.class, TransactionException.class })
	ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException ex) {
		log.error("database failure: {}", ex.toString());
		return unavailable("unavailable", "the request could not be completed; nothing was changed, retry later");
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> transferOutcomeUnknown(TransferOutcomeUnknown ex) {
		log.error("database failure while committing a transfer: {}", ex.getCause().toString());
		return unavailable("outcome-unknown", ex.getMessage());
	}

	private ResponseEntity<ProblemDetail> unavailable(String type, String detail) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, this.database.retryAfterHeader())
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, type, "Service unavailable", detail));
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
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
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
			.body(problem(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body", describe(ex)));
	}

	/**
	 * Spring's own refusals (415, 406, 405, a missing header, …) come as problems
	 * of type {@code about:blank}; here each gets a type of its own, named for its
	 * status, like every other problem the API writes.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
			problem.setType(URI.create(TYPE_BASE + typeFor(statusCode)));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	/** {@code unsupported-media-type} for 415, {@code not-acceptable} for 406: the status's reason, as a name. */
	static String typeFor(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return (known != null) ? known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
				: (status.is4xxClientError() ? "client-error" : "internal");
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error.getField() + " " + error.getDefaultMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "invalid-transfer", "Invalid transfer", detail));
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
				return "unknown field '" + field + "'";
			}
			if (!field.isEmpty()) {
				return "field '" + field + "' has a value of the wrong type or format";
			}
			// a syntax error or a duplicated key: where the parser stopped is what the client needs
			if (json instanceof StreamReadException read && read.processor() != null
					&& read.processor().currentName() != null) {
				return "the body is not valid JSON at field '" + read.processor().currentName() + "'";
			}
			return "the body is not valid JSON";
		}
		return "the body is missing or is not valid JSON";
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

}
