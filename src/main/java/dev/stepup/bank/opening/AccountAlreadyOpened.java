package dev.stepup.bank.opening;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpStatus;

/** The account id is taken by an account with other terms (owner, currency or opening funds): 409. */
class AccountAlreadyOpened extends ProblemException {

	AccountAlreadyOpened(String id) {
		super(HttpStatus.CONFLICT, "account-exists", "Account exists",
				"account " + id + " already exists with another owner, currency or opening balance");
	}

}
