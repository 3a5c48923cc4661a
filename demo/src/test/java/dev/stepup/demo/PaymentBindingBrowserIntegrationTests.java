package dev.stepup.demo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import dev.stepup.demo.testsupport.BankInBrowser;
import dev.stepup.demo.testsupport.DemoPorts;
import dev.stepup.demo.testsupport.DemoTotp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the customer approved is what moves, end to end: alice approves €25.00 to
 * bob-eur on the code page; a test hook in the browser (standing for malware or an
 * altered front-end) then sends the API other bodies with the approved token first,
 * and the API refuses each before deciding anything; the approved transfer then goes
 * through with the same token.
 */
class PaymentBindingBrowserIntegrationTests extends BankInBrowser {

	// Runs before the page's scripts; wraps the page's fetch (DPoP proofs and nonces included) once it is in place.
	// The first transfer sent with a token that carries authorization_details is first sent altered, twice.
	private static final String TAMPER_AFTER_APPROVAL = """
			window.addEventListener('DOMContentLoaded', () => {
				const pageFetch = window.fetch;
				const claims = (authorization) => {
					try {
						const part = authorization.split(' ')[1].split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
						return JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4)));
					}
					catch (error) {
						return {};
					}
				};
				window.fetch = async (resource, init = {}) => {
					const url = String(resource.url || resource);
					const bound = claims(new Headers(init.headers).get('Authorization') || '').authorization_details;
					if (bound && init.method === 'POST' && url.endsWith('/transfer') && !sessionStorage.getItem('test.tampered')) {
						const approved = JSON.parse(init.body);
						const outcomes = [];
						for (const change of [{ amount: '250.00' }, { amount: '25.01' }, { to: 'mallory-eur' }]) {
							const response = await pageFetch(resource, { ...init, body: JSON.stringify({ ...approved, ...change }) });
							outcomes.push({ change: JSON.stringify(change), status: response.status,
								challenge: response.headers.get('WWW-Authenticate'),
								contentType: response.headers.get('Content-Type') });
						}
						sessionStorage.setItem('test.tampered', JSON.stringify(outcomes));
					}
					return pageFetch(resource, init);
				};
			});
			""";

	@Test
	void approvedTransferWhenBodyAlteredAfterApprovalThenRefusedAndTheApprovedOneMovesWithTheSameToken() {
		this.browser.beforeEveryPage(TAMPER_AFTER_APPROVAL);
		signIn("alice", ALICE_PASSWORD);
		BigDecimal before = balanceShown("alice-eur");

		send("bob-eur", "25.00");
		this.browser.visible("step-up");
		this.browser.click("step-up-continue");

		assertThat(this.browser.visible("approval").getText())
			.isEqualTo("Approve a transfer of €25.00 from alice-eur to bob-eur");
		this.browser.screenshot("15-approve-payment");
		this.browser.type("code", DemoTotp.nextCode("alice"));
		this.browser.click("verify");

		assertThat(this.browser.visible("result-amount").getText()).isEqualTo("€25.00");
		assertThat(this.browser.visible("result-to").getText()).isEqualTo("bob-eur");
		assertThat(this.browser.visible("result-status").getDomAttribute("data-status")).isEqualTo("completed");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> tampered = (List<Map<String, Object>>) this.browser
			.script("return JSON.parse(sessionStorage.getItem('test.tampered'))");
		assertThat(tampered).hasSize(3).allSatisfy((outcome) -> {
			assertThat(outcome.get("status")).as(outcome.get("change").toString()).isEqualTo(403L);
			assertThat(outcome.get("challenge")).isEqualTo("DPoP error=\"insufficient_authorization_details\", "
					+ "error_description=\"the transfer does not match the payment approved with this token\", "
					+ "algs=\"ES256 PS256\", resource_metadata=\"" + DemoPorts.apiUrl()
					+ "/.well-known/oauth-protected-resource\"");
			assertThat((String) outcome.get("contentType")).startsWith("application/problem+json");
		});
		waitForBalance("alice-eur", before.subtract(new BigDecimal("25.00")));
		this.browser.screenshot("16-approved-transfer-sent");
	}

}
