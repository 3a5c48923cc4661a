package dev.stepup.bank.transfer;

import java.util.regex.Pattern;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * No such transfer visible to this caller (it does not exist, or touches none
 * of their accounts). The id is repeated only when it could be one: the path
 * is the caller's text, and a problem's detail is shown to people, so a
 * right-to-left override, markup or kilobytes of it are not echoed.
 */
class UnknownTransfer extends ProblemException {

	private static final Pattern ECHOED = Pattern.compile("[A-Za-z0-9-]{1,64}");

	UnknownTransfer(String transferId) {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", ECHOED.matcher(transferId).matches()
				? "no transfer " + transferId + " found for this customer" : "no such transfer found for this customer");
	}

}
