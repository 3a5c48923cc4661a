package dev.stepup.bank.transfer;

/** No such transfer visible to this caller (it does not exist, or touches none of their accounts). */
public class UnknownTransfer extends RuntimeException {

	public UnknownTransfer(String transferId) {
		super("no transfer " + transferId + " found for this customer");
	}

}
