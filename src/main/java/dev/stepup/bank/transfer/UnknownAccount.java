package dev.stepup.bank.transfer;

/**
 * No such account for this caller: it does not exist, or it belongs to someone
 * else. Both read the same, so that nobody can probe other customers' accounts.
 */
public class UnknownAccount extends RuntimeException {

	public UnknownAccount(String accountId) {
		super("no account " + accountId + " found for this customer");
	}

}
