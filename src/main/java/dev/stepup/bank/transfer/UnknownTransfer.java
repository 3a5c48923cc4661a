package dev.stepup.bank.transfer;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpStatus;

/** No such transfer visible to this caller (it does not exist, or touches none of their accounts). */
class UnknownTransfer extends ProblemException {

	UnknownTransfer(String transferId) {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "no transfer " + transferId + " found for this customer");
	}

}
