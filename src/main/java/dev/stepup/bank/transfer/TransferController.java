package dev.stepup.bank.transfer;

import java.net.URI;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.stepup.bank.security.RequiresScope;
import dev.stepup.bank.security.Scopes;
import dev.stepup.bank.security.stepup.TransferToken;
import dev.stepup.bank.web.Problems;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TransferController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/** Tells a client that this response is the stored answer to an earlier request with the same key. */
	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	/** Any JSON-based type ({@code application/*+json}), as RFC 6839 structures them. */
	static final String JSON_SUFFIX = "application/*+json";

	private final TransferService transfers;

	TransferController(TransferService transfers) {
		this.transfers = transfers;
	}

	/**
	 * The request and response types are part of the mapping, so a body in any
	 * other type is 415 and an Accept the answer cannot meet is 406 before the
	 * token is spent or the money moves; the decided answer names its type
	 * itself and is never turned into an error by negotiation afterwards.
	 */
	@PostMapping(path = "/transfer", consumes = { MediaType.APPLICATION_JSON_VALUE, JSON_SUFFIX },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	@ApiResponse(responseCode = "201", description = "Completed: the money moved",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = TransferResponse.class)))
	@RequiresScope(Scopes.TRANSFER_FUNDS)
	ResponseEntity<?> transfer(JwtAuthenticationToken token,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@Valid @RequestBody TransferRequest request) {
		TransferService.Decision decision = this.transfers.transfer(TransferToken.of(token), request,
				Optional.ofNullable(idempotencyKey).map(IdempotencyKey::new));
		Transfer transfer = decision.transfer();
		if (transfer.status() == TransferStatus.DECLINED) {
			return declined(decision);
		}
		return ResponseEntity.created(URI.create("/transfers/" + transfer.id()))
			.contentType(MediaType.APPLICATION_JSON)
			.header(IDEMPOTENT_REPLAYED, Boolean.toString(decision.replayed()))
			.body(TransferResponse.of(transfer));
	}

	/**
	 * Declined is a decision like completed: recorded, the token spent, replayed
	 * under its key. Its answer is a 422 problem that names the recorded transfer.
	 */
	private static ResponseEntity<ProblemDetail> declined(TransferService.Decision decision) {
		Transfer transfer = decision.transfer();
		ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "insufficient-funds",
				"Insufficient funds",
				"account " + transfer.from() + " does not hold " + transfer.amount() + "; the transfer was declined");
		problem.setProperty("transferId", transfer.id());
		return ResponseEntity.unprocessableContent()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.header(IDEMPOTENT_REPLAYED, Boolean.toString(decision.replayed()))
			.body(problem);
	}

	@GetMapping(path = "/transfers/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@RequiresScope(Scopes.VIEW_BALANCE)
	TransferResponse transfer(JwtAuthenticationToken customer, @PathVariable String id) {
		return TransferResponse.of(this.transfers.find(id, customer.getName()));
	}

	/**
	 * A body that breaks {@link TransferRequest}'s constraints: one 400 that
	 * names every field at fault, in a stable order. Here, not in the web
	 * module, because the problem is a transfer's.
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidRequest(MethodArgumentNotValidException ex) {
		String detail = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> error.getField() + " " + error.getDefaultMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		return ResponseEntity.badRequest()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-transfer", "Invalid transfer", detail));
	}

}
