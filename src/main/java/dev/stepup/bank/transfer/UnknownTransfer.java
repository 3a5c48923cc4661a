package dev.stepup.bank.transfer;

import dev.stepup.bank.web.ProblemException;
import dev.stepup.bank.web.Problems;

import org.springframework.http.HttpStatus;

/**
 * No such transfer visible to this caller (it does not exist, or touches none
 * of their accounts). The id is the caller's text: it is repeated only when
 * {@link Problems#echoable} allows it.
 */
class UnknownTransfer extends ProblemException {

	UnknownTransfer(String transferId) {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", Problems.echoable(transferId)
				? "no transfer " + transferId + " found for this customer" : "no such transfer found for this customer");
	}

}
