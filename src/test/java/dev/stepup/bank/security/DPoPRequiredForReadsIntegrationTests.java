package dev.stepup.bank.security;

import java.net.URI;
import java.net.http.HttpRequest;

import com.nimbusds.jose.jwk.ECKey;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.DPoPClient;
import dev.stepup.bank.support.DPoPProof;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static dev.stepup.bank.support.ProblemAssertions.assertChallenge;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bank.security.dpop.required-for-reads}: balance and transfer reads,
 * GET and the HEAD that Spring MVC runs as a GET, need a DPoP-bound token and
 * its proof; a Bearer token, even a valid one, reads nothing.
 */
@TestPropertySource(properties = "bank.security.dpop.required-for-reads=true")
class DPoPRequiredForReadsIntegrationTests extends AbstractTransferAttackTests {

	static final String NEEDS_DPOP = "this call needs a DPoP-bound access token and a DPoP proof";

	ECKey key;

	DPoPClient client;

	@BeforeEach
	void setUp() {
		this.key = DPoPProof.newKey();
		this.client = new DPoPClient(this.api);
	}

	@Test
	void balanceAndTransferReadWhenBearerThenDpopRequired() {
		String bearer = TokenMint.balance(this.attempt.payer().subject()).sign();

		for (String path : new String[] { "/balance", "/transfers/t-1" }) {
			assertChallenge(this.api.get(path, bearer), 401, Challenges.dpop("invalid_token", NEEDS_DPOP),
					ProblemAssertions.INVALID_TOKEN_TYPE, ProblemAssertions.INVALID_TOKEN_TITLE, NEEDS_DPOP);
		}
	}

	@Test
	void balanceHeadWhenBearerThenDpopRequiredAsForGet() {
		String bearer = TokenMint.balance(this.attempt.payer().subject()).sign();

		Api.Response response = this.api.send(HttpRequest.newBuilder(URI.create(this.api.baseUrl() + "/balance"))
			.header("Authorization", "Bearer " + bearer)
			.method("HEAD", HttpRequest.BodyPublishers.noBody()));

		assertThat(response.status()).isEqualTo(401);
		assertThat(Challenges.of(response)).isEqualTo(Challenges.dpop("invalid_token", NEEDS_DPOP));
	}

	@Test
	void balanceWhenBoundTokenAndProofThenRead() {
		String bound = TokenMint.balance(this.attempt.payer().subject()).claim("cnf", DPoPProof.cnf(this.key)).sign();

		Api.Response response = this.client.balance(bound,
				DPoPProof.of(this.key, "GET", this.client.uri("/balance"), bound).sign());

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.json().get("accounts")).isNotEmpty();
	}

}
