package dev.stepup.bank.transfer;

import java.net.URI;
import java.util.Optional;

import dev.stepup.bank.security.stepup.TransferToken;
import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TransferController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/** Tells a client that this response is the stored answer to an earlier request with the same key. */
	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	private final TransferService transfers;

	TransferController(TransferService transfers) {
		this.transfers = transfers;
	}

	@PostMapping("/transfer")
	@PreAuthorize("hasAuthority('SCOPE_transfer:funds')")
	ResponseEntity<TransferResponse> transfer(JwtAuthenticationToken token,
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@Valid @RequestBody TransferRequest request) {
		TransferService.Decision decision = this.transfers.transfer(TransferToken.of(token), request,
				Optional.ofNullable(idempotencyKey).map(IdempotencyKey::new));
		Transfer transfer = decision.transfer();
		if (transfer.status() == TransferStatus.DECLINED) {
			throw new InsufficientFunds(transfer, decision.replayed());
		}
		return ResponseEntity.created(URI.create("/transfers/" + transfer.id()))
			.header(IDEMPOTENT_REPLAYED, Boolean.toString(decision.replayed()))
			.body(TransferResponse.of(transfer));
	}

	@GetMapping("/transfers/{id}")
	@PreAuthorize("hasAuthority('SCOPE_view:balance')")
	TransferResponse transfer(JwtAuthenticationToken customer, @PathVariable String id) {
		return TransferResponse.of(this.transfers.find(id, customer.getName()));
	}

}
