package dev.stepup.bank.transfer;

import java.time.Instant;

/** A transfer as the API shows it; the amount is a decimal string at the currency's scale. */
record TransferResponse(String id, String from, String to, String amount, String currency, String status,
		Instant createdAt) {

	static TransferResponse of(Transfer transfer) {
		return new TransferResponse(transfer.id(), transfer.from(), transfer.to(), transfer.amount().toPlainString(),
				transfer.amount().currency().getCurrencyCode(), transfer.status().dbValue(), transfer.createdAt());
	}

}
