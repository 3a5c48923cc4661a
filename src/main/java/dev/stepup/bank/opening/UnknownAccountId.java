package dev.stepup.bank.opening;

/** No account with this id: 404. */
public class UnknownAccountId extends RuntimeException {

	UnknownAccountId(String id) {
		super("no account " + id);
	}

}
