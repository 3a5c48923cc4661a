package dev.stepup.bank.transfer;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpStatus;

/** A transfer that can never succeed as asked: same account twice, unknown currency, currencies that differ. */
class InvalidTransfer extends ProblemException {

	InvalidTransfer(String message) {
		super(HttpStatus.BAD_REQUEST, "invalid-transfer", "Invalid transfer", message);
	}

}
