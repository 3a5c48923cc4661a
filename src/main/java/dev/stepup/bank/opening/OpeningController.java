package dev.stepup.bank.opening;

import java.net.URI;

import dev.stepup.bank.account.Account;
import dev.stepup.bank.security.RequiresScope;
import dev.stepup.bank.security.Scopes;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The operations interface: the bank's back office opens accounts for customers, without SQL. */
@RestController
class OpeningController {

	private final AccountOpenings openings;

	private final OpeningProperties properties;

	OpeningController(AccountOpenings openings, OpeningProperties properties) {
		this.openings = openings;
		this.properties = properties;
	}

	/**
	 * The request and response types are part of the mapping, as for a
	 * transfer: a body in another type is 415 and an Accept the answer cannot
	 * meet is 406 before the account is opened and its funds booked.
	 */
	@PostMapping(path = "/accounts", consumes = { MediaType.APPLICATION_JSON_VALUE, "application/*+json" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	@RequiresScope(Scopes.OPERATIONS)
	ResponseEntity<OpenedAccount> open(JwtAuthenticationToken operator, @RequestBody OpenAccountRequest request) {
		AccountOpenings.Opened opened = this.openings
			.open(request.toOpening(this.properties.maxOpeningBalance()), operator);
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/accounts/" + opened.account().id()))
			.header("Idempotent-Replayed", Boolean.toString(opened.replayed()))
			.body(opened.account());
	}

	@GetMapping(path = "/accounts/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@RequiresScope(Scopes.OPERATIONS)
	OpenedAccount account(@PathVariable String id) {
		if (!Account.ID.matcher(id).matches()) {
			throw UnknownAccountId.notAnId();
		}
		return this.openings.find(id);
	}

}
