package dev.stepup.bank.opening;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpStatus;

/** A request to open an account that can never succeed as sent: 400. */
class InvalidOpening extends ProblemException {

	InvalidOpening(String message) {
		super(HttpStatus.BAD_REQUEST, "invalid-account", "Invalid account", message);
	}

}
