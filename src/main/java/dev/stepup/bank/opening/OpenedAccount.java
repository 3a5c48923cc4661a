package dev.stepup.bank.opening;

import java.time.Instant;

/**
 * An account as the operations interface shows it: its owner, its balance now,
 * the funds it was opened with and the ledger transfer that brought them
 * ({@code null} for an account opened empty or before this interface existed).
 */
record OpenedAccount(String id, String owner, String currency, String balance, String openingBalance,
		String openingTransferId, Instant createdAt) {

	boolean sameTerms(OpenAccountRequest.AccountOpening opening) {
		return this.owner.equals(opening.owner())
				&& this.currency.equals(opening.opening().currency().getCurrencyCode())
				&& this.openingBalance.equals(opening.opening().toPlainString());
	}

}
