package dev.stepup.bank.account;

import java.util.List;

import dev.stepup.bank.money.Money;
import dev.stepup.bank.security.SecuritySlice;
import dev.stepup.bank.support.Challenges;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The scope rule of {@code GET /balance}, allowed and denied. */
@WebMvcTest(BalanceController.class)
@Import(SecuritySlice.class)
class BalanceControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Accounts accounts;

	@Test
	void balanceWhenTokenHasViewBalanceScopeThenOwnAccounts() throws Exception {
		given(this.accounts.ownedBy("alice"))
			.willReturn(List.of(new Account("alice-eur", "alice", Money.of("1000.00", "EUR"))));

		this.mvc
			.perform(get("/balance").with(jwt().jwt((token) -> token.subject("alice").claim("scope", "view:balance"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.accounts[0].id").value("alice-eur"))
			.andExpect(jsonPath("$.accounts[0].balance").value("1000.00"));
	}

	@Test
	void balanceWhenTokenLacksViewBalanceScopeThenInsufficientScope() throws Exception {
		this.mvc
			.perform(get("/balance").with(jwt().jwt((token) -> token.subject("alice").claim("scope", "transfer:funds"))))
			.andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", Challenges.mockMvc("Bearer error=\"insufficient_scope\", scope=\"view:balance\", "
							+ "error_description=\"this call needs the view:balance scope\"")))
			.andExpect(jsonPath("$.type").value("urn:stepup-bank:problem:insufficient-scope"))
			.andExpect(jsonPath("$.title").value("Insufficient scope"))
			.andExpect(jsonPath("$.status").value(403))
			.andExpect(jsonPath("$.detail").value("this call needs the view:balance scope"));
		verifyNoInteractions(this.accounts);
	}

}
