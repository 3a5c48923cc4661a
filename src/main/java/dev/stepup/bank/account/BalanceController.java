package dev.stepup.bank.account;

import java.util.List;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BalanceController {

	private final Accounts accounts;

	BalanceController(Accounts accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/balance")
	@PreAuthorize("hasAuthority('SCOPE_view:balance')")
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
