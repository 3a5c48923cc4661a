package dev.stepup.bank.opening;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpStatus;

/** No account with this id: 404. */
class UnknownAccountId extends ProblemException {

	UnknownAccountId(String id) {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "no account " + id);
	}

}
