package dev.stepup.bank.transfer;

/** The transfer was decided and recorded as declined: the account did not hold the amount. */
public class InsufficientFunds extends RuntimeException {

	private final Transfer transfer;

	private final boolean replayed;

	public InsufficientFunds(Transfer transfer, boolean replayed) {
		super("account " + transfer.from() + " does not hold " + transfer.amount() + "; the transfer was declined");
		this.transfer = transfer;
		this.replayed = replayed;
	}

	public boolean replayed() {
		return this.replayed;
	}

	public Transfer transfer() {
		return this.transfer;
	}

}
