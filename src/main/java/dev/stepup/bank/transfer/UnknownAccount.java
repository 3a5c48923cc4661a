package dev.stepup.bank.transfer;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpStatus;

/**
 * No such account for this caller: it does not exist, or it belongs to someone
 * else. Both read the same, so that nobody can probe other customers' accounts.
 */
class UnknownAccount extends ProblemException {

	UnknownAccount(String accountId) {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "no account " + accountId + " found for this customer");
	}

}
