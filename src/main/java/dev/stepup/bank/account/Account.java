package dev.stepup.bank.account;

import java.util.regex.Pattern;

import dev.stepup.bank.money.Money;

/**
 * A customer's account; {@code ownerSubject} is its owner's customer id (the
 * customer claim of their tokens, {@code sub} by default).
 */
public record Account(String id, String ownerSubject, Money balance) {

	/** What a customer account id may be; a funding account's id is never one. */
	public static final String ID_PATTERN = "[A-Za-z0-9][A-Za-z0-9-]{0,63}";

	public static final Pattern ID = Pattern.compile(ID_PATTERN);

	public boolean isOwnedBy(String subject) {
		return this.ownerSubject.equals(subject);
	}

}
