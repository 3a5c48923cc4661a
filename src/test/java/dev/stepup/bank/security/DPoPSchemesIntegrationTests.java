package dev.stepup.bank.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.jwk.ECKey;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.DPoPClient;
import dev.stepup.bank.support.DPoPProof;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.stepup.bank.support.ProblemAssertions.assertChallenge;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's defaults: both schemes accepted everywhere, no nonce. A bound
 * token works only with its proof; an unbound one only as a bearer token;
 * and the shapes of {@code cnf} and {@code DPoP} that made Spring's own DPoP
 * filter answer 500 are plain 401s.
 */
class DPoPSchemesIntegrationTests extends AbstractTransferAttackTests {

	static final String NOT_BOUND = "the access token is not DPoP-bound (no cnf.jkt)";

	static final String DOWNGRADE = "this token is DPoP-bound: send it with the DPoP scheme and a DPoP proof";

	ECKey key;

	DPoPClient client;

	@BeforeEach
	void newClientKey() {
		this.key = DPoPProof.newKey();
		this.client = new DPoPClient(this.api);
	}

	@Test
	void balanceWhenNoTokenThenBothSchemesChallenged() {
		assertChallenge(this.api.get("/balance", null), 401, Challenges.BEARER_OR_DPOP,
				"urn:stepup-bank:problem:unauthorized", "Authentication required",
				"send an access token in the Authorization header");
	}

	@Test
	void transferWhenBoundTokenWithProofThenCreatedWithoutNonce() {
		String token = bound(TokenMint.transfer(this.attempt.payer().subject()));

		Api.Response response = this.client.transfer(token, this.attempt.body(), proof("POST", "/transfer", token));

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.header("DPoP-Nonce")).isNull();
		assertThat(this.bank.balance(this.attempt.payer().account())).isEqualByComparingTo("975.00");
	}

	@Test
	void transferWhenUnboundBearerTokenAndPolicyOffThenCreated() {
		String token = TokenMint.transfer(this.attempt.payer().subject()).sign();

		assertThat(this.api.transfer(token, this.attempt.body()).status()).isEqualTo(201);
	}

	@Test
	void balanceWhenBoundTokenWithProofThenOk() {
		String token = bound(TokenMint.balance(this.attempt.payer().subject()));

		assertThat(this.client.balance(token, proof("GET", "/balance", token)).status()).isEqualTo(200);
	}

	@Test
	void balanceWhenBoundTokenSentAsBearerThenDowngradeRefused() {
		String token = bound(TokenMint.balance(this.attempt.payer().subject()));

		assertChallenge(this.api.get("/balance", token), 401, Challenges.downgrade(DOWNGRADE),
				"urn:stepup-bank:problem:invalid-token", "Invalid access token", DOWNGRADE);
	}

	@Test
	void transferWhenBoundTokenSentAsBearerThenDowngradeRefusedAndNothingMoved() {
		String token = bound(TokenMint.transfer(this.attempt.payer().subject()));

		assertChallenge(this.api.transfer(token, this.attempt.body()), 401, Challenges.downgrade(DOWNGRADE),
				"urn:stepup-bank:problem:invalid-token", "Invalid access token", DOWNGRADE);
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenUnboundTokenSentWithDpopSchemeThenInvalidToken() {
		String token = TokenMint.transfer(this.attempt.payer().subject()).sign();

		assertNotBound(this.client.transfer(token, this.attempt.body(), proof("POST", "/transfer", token)));
	}

	@Test
	void transferWhenCnfJktIsANumberOrCnfIsAStringThenInvalidTokenNotServerError() {
		for (Object cnf : new Object[] { Map.of("jkt", 42), "jkt", Map.of("jkt", "short"), Map.of() }) {
			String token = TokenMint.transfer(this.attempt.payer().subject()).claim("cnf", cnf).sign();

			assertNotBound(this.client.transfer(token, this.attempt.body(), proof("POST", "/transfer", token)));
			assertChallenge(this.api.transfer(token, this.attempt.body()), 401, Challenges.downgrade(DOWNGRADE),
					"urn:stepup-bank:problem:invalid-token", "Invalid access token", DOWNGRADE);
		}
	}

	@Test
	void transferWhenDpopHeaderIsEmptyThenInvalidDpopProofNotServerError() {
		String token = bound(TokenMint.transfer(this.attempt.payer().subject()));

		Api.Response response = this.client.transfer(token, this.attempt.body(), "");

		assertChallenge(response, 401, Challenges.dpop("invalid_dpop_proof", "send exactly one DPoP proof header"),
				"urn:stepup-bank:problem:invalid-dpop-proof", "Invalid DPoP proof", "send exactly one DPoP proof header");
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenDpopTokenIsExpiredThenInvalidTokenUnderDpop() {
		String token = bound(TokenMint.transfer(this.attempt.payer().subject())
			.claim("iat", Date.from(Instant.now().minusSeconds(300)))
			.claim("exp", Date.from(Instant.now().minusSeconds(120))));

		Api.Response response = this.client.transfer(token, this.attempt.body(), proof("POST", "/transfer", token));

		assertThat(response.status()).isEqualTo(401);
		assertThat(Challenges.of(response))
			.startsWith("DPoP error=\"invalid_token\", error_description=\"Jwt expired at ")
			.endsWith(", " + Challenges.ALGS);
		this.attempt.assertNothingMoved();
	}

	@Test
	void balanceWhenDpopSchemeHasNoTokenThenInvalidTokenUnderDpop() {
		Api.Response response = this.api.send(HttpRequest.newBuilder(URI.create(this.client.uri("/balance")))
			.header("Authorization", "DPoP")
			.header("DPoP", proof("GET", "/balance", "x")));

		assertChallenge(response, 401, Challenges.dpop("invalid_token", "DPoP token is malformed"),
				"urn:stepup-bank:problem:invalid-token", "Invalid access token", "DPoP token is malformed");
	}

	private void assertNotBound(Api.Response response) {
		assertChallenge(response, 401, Challenges.dpop("invalid_token", NOT_BOUND),
				"urn:stepup-bank:problem:invalid-token", "Invalid access token", NOT_BOUND);
		this.attempt.assertNothingMoved();
	}

	private String bound(TokenMint token) {
		return token.claim("cnf", DPoPProof.cnf(this.key)).sign();
	}

	private String proof(String method, String path, String token) {
		return DPoPProof.of(this.key, method, this.client.uri(path), token).sign();
	}

}
