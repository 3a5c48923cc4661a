package dev.stepup.bank.transfer;

import java.time.Instant;

import dev.stepup.bank.money.Money;

/** A decided transfer. Immutable, also in the database: a mistake is corrected by a new transfer. */
public record Transfer(String id, String from, String to, Money amount, TransferStatus status, String requestedBy,
		String idempotencyKey, String requestHash, String tokenIssuer, String tokenJti, Instant createdAt) {
}
