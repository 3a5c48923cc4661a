package dev.stepup.bank.transfer;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import dev.stepup.bank.money.Money;
import dev.stepup.bank.security.SecuritySlice;
import dev.stepup.bank.support.Challenges;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The rules in front of {@code POST /transfer} (scope, then MFA evidence and
 * its age) and {@code GET /transfers/{id}} (scope), allowed and denied; a
 * denied request never reaches the service.
 */
@WebMvcTest(TransferController.class)
@Import(SecuritySlice.class)
class TransferControllerTests {

	static final String MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

	static final String BODY = "{\"from\":\"alice-eur\",\"to\":\"bob-eur\",\"amount\":\"25.00\",\"currency\":\"EUR\"}";

	static final Transfer TRANSFER = new Transfer("t-1", "alice-eur", "bob-eur", Money.of("25.00", "EUR"),
			TransferStatus.COMPLETED, "alice", null, "0".repeat(64), "https://issuer.test", "jti-1",
			Instant.parse("2026-01-01T10:00:00Z"));

	@Autowired
	MockMvc mvc;

	@MockitoBean
	TransferService transfers;

	@Test
	void transferWhenTokenHasScopeAndFreshMfaThenCreated() throws Exception {
		given(this.transfers.transfer(any(), any(), any())).willReturn(new TransferService.Decision(TRANSFER, false));

		transfer(steppedUp((token) -> {
		})).andExpect(status().isCreated())
			.andExpect(header().string("Location", "/transfers/t-1"))
			.andExpect(jsonPath("$.status").value("completed"));
	}

	@Test
	void transferWhenTokenLacksScopeThenInsufficientScope() throws Exception {
		transfer(steppedUp((token) -> token.claim("scope", "view:balance"))).andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", Challenges.mockMvc("Bearer error=\"insufficient_scope\", scope=\"transfer:funds\", "
							+ "error_description=\"moving money needs the transfer:funds scope\"")))
			.andExpect(jsonPath("$.type").value("urn:stepup-bank:problem:insufficient-scope"))
			.andExpect(jsonPath("$.status").value(403));
		verifyNoInteractions(this.transfers);
	}

	@Test
	void transferWhenTokenLacksMfaEvidenceThenStepUpChallenge() throws Exception {
		transfer(steppedUp((token) -> token.claim("amr", List.of("pwd")).claims((claims) -> claims.remove("acr"))))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", Challenges.mockMvc("Bearer error=\"insufficient_user_authentication\", acr_values=\"" + MFA_ACR
							+ "\", error_description=\"moving money needs multi-factor authentication\"")))
			.andExpect(jsonPath("$.type").value("urn:stepup-bank:problem:insufficient-user-authentication"))
			.andExpect(jsonPath("$.status").value(401));
		verifyNoInteractions(this.transfers);
	}

	@Test
	void transferWhenMfaIsOlderThanMaxAgeThenMaxAgeChallenge() throws Exception {
		transfer(steppedUp((token) -> token.claim("auth_time", Instant.now().minusSeconds(301).getEpochSecond())))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", Challenges.mockMvc("Bearer error=\"insufficient_user_authentication\", "
					+ "acr_values=\"" + MFA_ACR + "\", max_age=300, "
					+ "error_description=\"moving money needs an authentication no older than 300 seconds\"")));
		verifyNoInteractions(this.transfers);
	}

	@Test
	void transferByIdWhenTokenHasViewBalanceScopeThenOk() throws Exception {
		given(this.transfers.find("t-1", "alice")).willReturn(TRANSFER);

		this.mvc
			.perform(get("/transfers/t-1")
				.with(jwt().jwt((token) -> token.subject("alice").claim("scope", "view:balance"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value("t-1"))
			.andExpect(jsonPath("$.amount").value("25.00"));
	}

	@Test
	void transferByIdWhenTokenLacksViewBalanceScopeThenInsufficientScope() throws Exception {
		this.mvc
			.perform(get("/transfers/t-1")
				.with(jwt().jwt((token) -> token.subject("alice").claim("scope", "transfer:funds"))))
			.andExpect(status().isForbidden())
			.andExpect(header().string("WWW-Authenticate", Challenges.mockMvc("Bearer error=\"insufficient_scope\", scope=\"view:balance\", "
							+ "error_description=\"this call needs the view:balance scope\"")));
		verifyNoInteractions(this.transfers);
	}

	private ResultActions transfer(Consumer<Jwt.Builder> token) throws Exception {
		return this.mvc
			.perform(post("/transfer").with(jwt().jwt(token)).contentType(MediaType.APPLICATION_JSON).content(BODY));
	}

	/** A transfer token after a fresh MFA login, then changed by {@code change}. */
	private static Consumer<Jwt.Builder> steppedUp(Consumer<Jwt.Builder> change) {
		Instant now = Instant.now();
		return (token) -> {
			token.subject("alice")
				.issuer("https://issuer.test")
				.jti("jti-1")
				.issuedAt(now)
				.expiresAt(now.plusSeconds(300))
				.claim("scope", "view:balance transfer:funds")
				.claim("amr", List.of("pwd", "otp"))
				.claim("acr", MFA_ACR)
				.claim("auth_time", now.getEpochSecond() - 5);
			change.accept(token);
		};
	}

}
