package dev.stepup.bank.account;

import java.util.List;

import dev.stepup.bank.security.RequiresScope;
import dev.stepup.bank.security.Scopes;

import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BalanceController {

	private final Accounts accounts;

	BalanceController(Accounts accounts) {
		this.accounts = accounts;
	}

	@GetMapping(path = "/balance", produces = MediaType.APPLICATION_JSON_VALUE)
	@RequiresScope(Scopes.VIEW_BALANCE)
	Balances balance(JwtAuthenticationToken customer) {
		return new Balances(this.accounts.ownedBy(customer.getName()).stream().map(AccountBalance::of).toList());
	}

	record Balances(List<AccountBalance> accounts) {
	}

	record AccountBalance(String id, String currency, String balance) {

		static AccountBalance of(Account account) {
			return new AccountBalance(account.id(), account.balance().currency().getCurrencyCode(),
					account.balance().toPlainString());
		}

	}

}
