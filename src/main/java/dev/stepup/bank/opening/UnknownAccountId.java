package dev.stepup.bank.opening;

import dev.stepup.bank.web.ProblemException;

import org.springframework.http.HttpStatus;

/** No account with this id: 404. */
class UnknownAccountId extends ProblemException {

	UnknownAccountId(String id) {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", "no account " + id);
	}

	/** Not even an account id: the caller's text is not repeated (a problem's detail is shown to people). */
	static UnknownAccountId notAnId() {
		return new UnknownAccountId();
	}

	private UnknownAccountId() {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found",
				"no such account: an account id is 1 to 64 letters, digits or hyphens");
	}

}
