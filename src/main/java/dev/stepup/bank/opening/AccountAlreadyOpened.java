package dev.stepup.bank.opening;

/** The account id is taken by an account with other terms (owner, currency or opening funds): 409. */
public class AccountAlreadyOpened extends RuntimeException {

	AccountAlreadyOpened(String id) {
		super("account " + id + " already exists with another owner, currency or opening balance");
	}

}
