package dev.stepup.bank.account;

import dev.stepup.bank.ledger.Money;

/** A customer's account; {@code ownerSubject} is the token {@code sub} of its owner. */
public record Account(String id, String ownerSubject, Money balance) {

	public boolean isOwnedBy(String subject) {
		return this.ownerSubject.equals(subject);
	}

}
