package dev.stepup.bank.transfer;

import dev.stepup.bank.money.Money;
import dev.stepup.bank.web.RequestFingerprint;

/** A checked transfer request: distinct accounts and a positive amount within the limit. */
record TransferCommand(String from, String to, Money amount) {

	/**
	 * Identifies the request's meaning, not its bytes: "25", "25.00" and 25.00
	 * are the same transfer, so a retry that reformats the amount is still a retry.
	 */
	String fingerprint() {
		return RequestFingerprint.of(this.from, this.to, this.amount.toPlainString(),
				this.amount.currency().getCurrencyCode());
	}

}
