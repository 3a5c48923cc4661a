package dev.stepup.bank.account;

import java.util.List;

import dev.stepup.bank.money.Money;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Opens the demo customers' accounts on start. Idempotent (an existing account
 * is left as it is, so a restart never resets a balance) and safe when several
 * instances start together on one database (the primary key decides).
 */
@Component
class DemoCustomers implements ApplicationRunner {

	static final List<Account> CUSTOMERS = List.of(
			new Account("alice-eur", "alice", Money.of("1000.00", "EUR")),
			new Account("bob-eur", "bob", Money.of("500.00", "EUR")));

	private static final Logger log = LoggerFactory.getLogger(DemoCustomers.class);

	private final Accounts accounts;

	private final boolean enabled;

	DemoCustomers(Accounts accounts, DemoDataProperties properties) {
		this.accounts = accounts;
		this.enabled = properties.enabled();
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.enabled) {
			return;
		}
		for (Account customer : CUSTOMERS) {
			try {
				if (this.accounts.openIfAbsent(customer.id(), customer.ownerSubject(), customer.balance())) {
					log.info("demo account opened: id={} owner={} opening={}", customer.id(), customer.ownerSubject(),
							customer.balance());
				}
			}
			catch (DuplicateKeyException racedWithAnotherInstance) {
				log.debug("demo account {} opened by another instance", customer.id());
			}
		}
	}

}
