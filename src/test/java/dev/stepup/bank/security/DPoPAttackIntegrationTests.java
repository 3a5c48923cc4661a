package dev.stepup.bank.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.DPoPClient;
import dev.stepup.bank.support.DPoPProof;
import dev.stepup.bank.support.ForgedTokens;
import dev.stepup.bank.support.ProblemAssertions;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.BeforeEach;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static dev.stepup.bank.support.ProblemAssertions.assertChallenge;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attacker against DPoP-bound transfer tokens, with DPoP required for
 * transfers and server nonces on (as in the demo): every forged, replayed,
 * misdirected or stolen proof is refused with the exact RFC 9449 challenge,
 * a problem body, and no money moved.
 */
@TestPropertySource(properties = { "bank.security.dpop.required-for-transfers=true",
		"bank.security.dpop.nonce.enabled=true",
		"bank.security.dpop.nonce.secret=" + DPoPAttackIntegrationTests.NONCE_SECRET })
@ExtendWith(OutputCaptureExtension.class)
class DPoPAttackIntegrationTests extends AbstractTransferAttackTests {

	static final String NONCE_SECRET = "attack-tests-shared-nonce-secret-0123456789";

	static final String PROOF_TYPE = "urn:stepup-bank:problem:invalid-dpop-proof";

	static final String PROOF_TITLE = "Invalid DPoP proof";

	static final String NONCE_TYPE = "urn:stepup-bank:problem:use-dpop-nonce";

	static final String NONCE_TITLE = "DPoP nonce required";

	static final String NOT_ACCEPTED = "DPoP proof algorithm is not accepted; use one of ES256 PS256";

	@Autowired
	MeterRegistry meters;

	ECKey key;

	String token;

	DPoPClient client;

	@BeforeEach
	void bindATransferTokenToTheClientsKey() {
		this.key = DPoPProof.newKey();
		this.token = TokenMint.transfer(this.attempt.payer().subject()).claim("cnf", DPoPProof.cnf(this.key)).sign();
		this.client = new DPoPClient(this.api);
	}

	@Test
	void transferWhenProofAndNonceValidThenCreated() {
		Api.Response response = this.client.transfer(this.token, this.attempt.body(), proof(this.key).sign());

		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.header("DPoP-Nonce")).isNotBlank();
		assertThat(this.bank.balance(this.attempt.payer().account())).isEqualByComparingTo("975.00");
	}

	@Test
	void transferWhenHtuDiffersOnlyInCaseDefaultPortQueryAndFragmentThenCreated() {
		String htu = this.client.uri("/transfer").replace("http://", "HTTP://") + "?ignored=1#also-ignored";

		Api.Response response = this.client.transfer(this.token, this.attempt.body(),
				proof(this.key).claim("htu", htu).sign());

		assertThat(response.status()).as(response.body()).isEqualTo(201);
	}

	@Test
	void transferWhenProofReplayedOnTheSameInstanceThenInvalidDpopProof() {
		String proof = proof(this.key).sign();
		assertThat(this.client.transfer(this.token, this.attempt.body(), proof).status()).isEqualTo(201);

		assertProofRefused(this.client.transfer(this.token, this.attempt.body(), proof),
				"DPoP proof has already been used");
		assertThat(this.bank.balance(this.attempt.payer().account())).isEqualByComparingTo("975.00");
		assertThat(this.bank.transfersFrom(this.attempt.payer().account())).isEqualTo(1);
	}

	@Test
	void transferWhenBoundTokenSpentThenNewProofGetsTheReplayRefusalUnderDpop() {
		assertThat(this.client.transfer(this.token, this.attempt.body(), proof(this.key).sign()).status()).isEqualTo(201);

		Api.Response replay = this.client.transfer(this.token, this.attempt.body(), proof(this.key).sign());

		assertChallenge(replay, 401, Challenges.dpop("invalid_token", "token has already been used"),
				ProblemAssertions.INVALID_TOKEN_TYPE, ProblemAssertions.INVALID_TOKEN_TITLE, "token has already been used");
		assertThat(this.bank.balance(this.attempt.payer().account())).isEqualByComparingTo("975.00");
		assertThat(this.bank.transfersFrom(this.attempt.payer().account())).isEqualTo(1);
	}

	@Test
	void transferWhenProofReplayedThenCountedAndAuditedByCauseWithoutProofOrToken(CapturedOutput output) {
		String proof = proof(this.key).sign();
		assertThat(this.client.transfer(this.token, this.attempt.body(), proof).status()).isEqualTo(201);
		double before = replays();

		this.client.transfer(this.token, this.attempt.body(), proof);

		assertThat(replays()).isEqualTo(before + 1);
		assertThat(output).contains("bank.audit", "DPoP refusal")
			.contains("token refused: reason=invalid_dpop_proof cause=proof_replay_cache")
			.contains("subject=" + this.attempt.payer().subject())
			.doesNotContain(proof.substring(proof.lastIndexOf('.') + 1))
			.doesNotContain(this.token.substring(this.token.lastIndexOf('.') + 1))
			.doesNotContain(proof.substring(0, proof.indexOf('.')));
	}

	private double replays() {
		var counter = this.meters.find("bank.tokens.refused")
			.tag("reason", "invalid_dpop_proof")
			.tag("cause", "proof_replay_cache")
			.counter();
		return counter == null ? 0 : counter.count();
	}

	@Test
	void transferWhenProofWasUsedForABalanceReadThenInvalidDpopProof() {
		DPoPProof proof = proof(this.key);
		String forBalance = proof.claim("htm", "GET").claim("htu", this.client.uri("/balance")).sign();
		assertThat(this.client.balance(this.token, forBalance).status()).isEqualTo(200);

		assertProofRefused(this.client.balance(this.token, forBalance), "DPoP proof has already been used");
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenHtmIsWrongThenInvalidDpopProof() {
		assertProofRefused(send(proof(this.key).claim("htm", "GET")), "DPoP proof htm does not match the request method");
	}

	@Test
	void transferWhenHtuNamesAnotherPathThenInvalidDpopProof() {
		assertProofRefused(send(proof(this.key).claim("htu", this.client.uri("/balance"))),
				"DPoP proof htu does not match the request URI");
	}

	@Test
	void transferWhenHtuNamesAnotherSchemeOrHostThenInvalidDpopProof() {
		for (String htu : List.of(this.client.uri("/transfer").replace("http:", "https:"),
				this.client.uri("/transfer").replace("127.0.0.1", "bank.example"), "not a uri", "/transfer")) {
			assertProofRefused(send(proof(this.key).claim("htu", htu)), "DPoP proof htu does not match the request URI");
		}
	}

	@Test
	void transferWhenAthIsForAnotherTokenThenInvalidDpopProof() {
		assertProofRefused(send(proof(this.key).claim("ath", DPoPProof.ath("another-token"))),
				"DPoP proof ath does not match the access token");
	}

	@Test
	void transferWhenProofLacksAthThenInvalidDpopProof() {
		assertProofRefused(send(proof(this.key).claim("ath", null)), "DPoP proof must carry jti, htm, htu, iat and ath");
	}

	@Test
	void transferWhenIatTooOldThenInvalidDpopProof() {
		assertProofRefused(send(proof(this.key).claim("iat", Instant.now().getEpochSecond() - 120)),
				"DPoP proof is older than 60 seconds");
	}

	@Test
	void transferWhenIatInTheFutureThenInvalidDpopProof() {
		assertProofRefused(send(proof(this.key).claim("iat", Instant.now().getEpochSecond() + 120)),
				"DPoP proof iat is in the future");
	}

	@Test
	void transferWhenProofClaimsTheBoundKeyButIsSignedByAnotherThenInvalidDpopProof() {
		ECKey thief = DPoPProof.newKey();
		String forged = proof(this.key).signedWith(thief, "ES256")
			.header((h) -> h.put("jwk", this.key.toPublicJWK().toJSONObject()))
			.sign();

		assertProofRefused(this.client.transfer(this.token, this.attempt.body(), forged),
				"DPoP proof signature is invalid");
	}

	@Test
	void transferWhenStolenTokenSentWithTheThiefsOwnValidProofThenInvalidToken() {
		ECKey thief = DPoPProof.newKey();

		Api.Response response = this.client.transfer(this.token, this.attempt.body(), proof(thief).sign());

		assertChallenge(response, 401,
				Challenges.dpop("invalid_token", "the access token is bound to another key than the DPoP proof's"),
				"urn:stepup-bank:problem:invalid-token", "Invalid access token",
				"the access token is bound to another key than the DPoP proof's");
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenBoundTokenSentAsBearerThenOnlyDpopAccepted() {
		assertChallenge(this.api.transfer(this.token, this.attempt.body()), 401,
				Challenges.dpop("invalid_token", "this call needs a DPoP-bound access token and a DPoP proof"),
				"urn:stepup-bank:problem:invalid-token", "Invalid access token",
				"this call needs a DPoP-bound access token and a DPoP proof");
		this.attempt.assertNothingMoved();
	}

	@Test
	void balanceWhenBoundTokenSentAsBearerThenDowngradeRefused() {
		String description = "this token is DPoP-bound: send it with the DPoP scheme and a DPoP proof";

		assertChallenge(this.api.get("/balance", this.token), 401, Challenges.downgrade(description),
				"urn:stepup-bank:problem:invalid-token", "Invalid access token", description);
	}

	@Test
	void transferWhenUnboundTokenSentAsBearerThenDpopRequired() {
		String unbound = TokenMint.transfer(this.attempt.payer().subject()).sign();

		assertChallenge(this.api.transfer(unbound, this.attempt.body()), 401,
				Challenges.dpop("invalid_token", "this call needs a DPoP-bound access token and a DPoP proof"),
				"urn:stepup-bank:problem:invalid-token", "Invalid access token",
				"this call needs a DPoP-bound access token and a DPoP proof");
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenUnboundBearerTokenSentToAnEncodedTransferPathThenNoMoneyMoves() {
		String unbound = TokenMint.transfer(this.attempt.payer().subject()).sign();
		for (String path : List.of("/%74ransfer", "/transfer/", "//transfer", "/./transfer")) {
			Api.Response response = this.api.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create(this.api.baseUrl() + path))
				.header("Authorization", "Bearer " + unbound)
				.header("Content-Type", "application/json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString(this.attempt.body())));

			assertThat(response.status()).as("%s: %s", path, response.body()).isNotEqualTo(201).isBetween(400, 499);
		}
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenNoTokenThenOnlyTheDpopChallenge() {
		assertChallenge(this.api.transfer(null, this.attempt.body()), 401, Challenges.DPOP_ONLY,
				"urn:stepup-bank:problem:unauthorized", "Authentication required",
				"send an access token in the Authorization header");
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenAlgIsNoneThenInvalidDpopProof() {
		assertProofRefused(send(proof(this.key).signedWith(this.key, "none")), NOT_ACCEPTED);
	}

	@Test
	void transferWhenAlgIsHs256ThenInvalidDpopProof() throws Exception {
		OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).generate();
		String proof = proof(this.key).signedWith(secret, "HS256").sign();

		assertProofRefused(this.client.transfer(this.token, this.attempt.body(), proof), NOT_ACCEPTED);
	}

	@Test
	void transferWhenAlgIsRs256WhichIsNotAllowedThenInvalidDpopProof() {
		RSAKey rsa = TokenMint.generate("dpop-rsa");
		String token = TokenMint.transfer(this.attempt.payer().subject()).claim("cnf", DPoPProof.cnf(rsa)).sign();
		String proof = DPoPProof.of(this.key, "POST", this.client.uri("/transfer"), token)
			.signedWith(rsa, "RS256")
			.sign();

		assertProofRefused(this.client.transfer(token, this.attempt.body(), proof), NOT_ACCEPTED);
	}

	@Test
	void transferWhenJwkHasPrivateMembersThenInvalidDpopProof() {
		assertProofRefused(send(proof(this.key).header((h) -> h.put("jwk", this.key.toJSONObject()))),
				"DPoP proof must carry a public jwk");
	}

	@Test
	void transferWhenTypIsNotDpopJwtThenInvalidDpopProof() {
		assertProofRefused(send(proof(this.key).header((h) -> h.put("typ", "JWT"))), "DPoP proof typ must be dpop+jwt");
	}

	@Test
	void transferWhenTwoDpopHeadersThenInvalidDpopProof() {
		assertProofRefused(
				this.client.transfer(this.token, this.attempt.body(), proof(this.key).sign(), proof(this.key).sign()),
				"send exactly one DPoP proof header");
	}

	@Test
	void transferWhenNoOrEmptyDpopHeaderThenInvalidDpopProof() {
		assertProofRefused(this.client.transfer(this.token, this.attempt.body()), "send exactly one DPoP proof header");
		assertProofRefused(this.client.transfer(this.token, this.attempt.body(), ""),
				"send exactly one DPoP proof header");
	}

	@Test
	void transferWhenProofIsNineKilobytesThenInvalidDpopProof() {
		assertProofRefused(send(proof(this.key).claim("padding", "x".repeat(9_000))),
				"DPoP proof is larger than 4096 bytes");
	}

	@Test
	void transferWhenProofIsNotAJwtThenInvalidDpopProof() {
		for (String garbage : List.of("not-a-jwt", "!!!.e30.e30", "e30", "a.b.c.d.e")) {
			assertProofRefused(this.client.transfer(this.token, this.attempt.body(), garbage), "DPoP proof is malformed");
		}
	}

	/** A genuine proof spelled another way (a stray {@code ~}, padding, set unused bits) is refused unread. */
	@Test
	void transferWhenProofIsSpelledOtherThanCanonicallyThenMalformedAndTheGenuineStillWorks() {
		String genuine = proof(this.key).sign();
		for (String variant : List.of(genuine + "~", genuine + "==",
				ForgedTokens.withNonCanonicalSignatureEnding(genuine))) {
			assertProofRefused(this.client.transfer(this.token, this.attempt.body(), variant),
					"DPoP proof is malformed");
		}
		this.attempt.assertNothingMoved();
		assertThat(this.client.transfer(this.token, this.attempt.body(), genuine).status()).isEqualTo(201);
	}

	/** A JOSE header that is JSON but not an object: {@code null} once reached the typ check as a null map (500). */
	@Test
	void transferWhenProofHeaderIsJsonButNotAnObjectThenInvalidDpopProof() {
		for (String header : List.of("null", "[\"dpop+jwt\"]", "\"dpop+jwt\"", "1")) {
			String proof = Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8))
					+ ".e30.AAAA";
			assertProofRefused(this.client.transfer(this.token, this.attempt.body(), proof), "DPoP proof is malformed");
		}
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenNonceMissingThenUseDpopNonceWithAFreshNonce() {
		Api.Response response = this.client.transfer(this.token, this.attempt.body(),
				proof(this.key).claim("nonce", null).sign());

		assertNonceRefused(response, "resource server requires nonce in DPoP proof");
		assertThat(response.header("DPoP-Nonce")).isEqualTo(nonceFor(this.key));
	}

	@Test
	void transferWhenNonceIsStaleThenUseDpopNonce() {
		long twoWindowsAgo = Math.floorDiv(System.currentTimeMillis(), 300_000L) - 2;

		assertNonceRefused(send(proof(this.key).claim("nonce", hmacNonce(NONCE_SECRET, twoWindowsAgo, this.key))),
				"DPoP nonce is stale or not for this key; use the DPoP-Nonce sent");
	}

	@Test
	void transferWhenNonceWasIssuedForAnotherClientKeyThenUseDpopNonce() {
		String thiefsNonce = nonceFor(DPoPProof.newKey());

		assertNonceRefused(send(proof(this.key).claim("nonce", thiefsNonce)),
				"DPoP nonce is stale or not for this key; use the DPoP-Nonce sent");
	}

	@Test
	void transferWhenNonceIsMadeWithAnotherServerSecretThenUseDpopNonce() {
		long now = Math.floorDiv(System.currentTimeMillis(), 300_000L);
		String forged = hmacNonce("some-other-deployments-secret-0123456789", now, this.key);

		assertNonceRefused(send(proof(this.key).claim("nonce", forged)),
				"DPoP nonce is stale or not for this key; use the DPoP-Nonce sent");
	}

	@Test
	void transferWhenTokenLacksMfaThenStepUpChallengeUnderDpop() {
		String token = TokenMint.transfer(this.attempt.payer().subject())
			.claim("cnf", DPoPProof.cnf(this.key))
			.claim("amr", List.of("pwd"))
			.without("acr")
			.sign();
		String proof = DPoPProof.of(this.key, "POST", this.client.uri("/transfer"), token)
			.claim("nonce", nonceFor(this.key))
			.sign();

		assertChallenge(this.client.transfer(token, this.attempt.body(), proof), 401,
				Challenges.dpop("insufficient_user_authentication", "acr_values=\"" + TokenMint.MFA_ACR + "\"",
						"moving money needs multi-factor authentication"),
				"urn:stepup-bank:problem:insufficient-user-authentication", "Step-up authentication required",
				"moving money needs multi-factor authentication");
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenTokenLacksScopeThenInsufficientScopeUnderDpop() {
		String token = TokenMint.balance(this.attempt.payer().subject()).claim("cnf", DPoPProof.cnf(this.key)).sign();
		String proof = DPoPProof.of(this.key, "POST", this.client.uri("/transfer"), token)
			.claim("nonce", nonceFor(this.key))
			.sign();

		assertChallenge(this.client.transfer(token, this.attempt.body(), proof), 403,
				Challenges.dpop("insufficient_scope", "scope=\"transfer:funds\"",
						"moving money needs the transfer:funds scope"),
				"urn:stepup-bank:problem:insufficient-scope", "Insufficient scope",
				"moving money needs the transfer:funds scope");
		this.attempt.assertNothingMoved();
	}

	@Test
	void fiftyParallelTransfersWithOneTokenAndOneProofThenExactlyOneCreated() throws Exception {
		String proof = proof(this.key).sign();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(50);
		try {
			List<CompletableFuture<Api.Response>> race = java.util.stream.IntStream.range(0, 50)
				.mapToObj((i) -> CompletableFuture.supplyAsync(() -> {
					awaitQuietly(start);
					return this.client.transfer(this.token, this.attempt.body(), proof);
				}, pool))
				.toList();
			start.countDown();
			List<Api.Response> responses = race.stream().map(CompletableFuture::join).toList();

			assertThat(responses).filteredOn((r) -> r.status() == 201).hasSize(1);
			assertThat(responses).filteredOn((r) -> r.status() == 401)
				.hasSize(49)
				.allSatisfy((r) -> assertThat(Challenges.of(r))
					.isEqualTo(Challenges.dpop("invalid_dpop_proof", "DPoP proof has already been used")));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(this.bank.balance(this.attempt.payer().account())).isEqualByComparingTo("975.00");
		assertThat(this.bank.transfersFrom(this.attempt.payer().account())).isEqualTo(1);
		this.bank.assertInvariants();
	}

	private DPoPProof proof(ECKey signer) {
		return DPoPProof.of(signer, "POST", this.client.uri("/transfer"), this.token)
			.claim("nonce", nonceFor(signer));
	}

	private Api.Response send(DPoPProof proof) {
		return this.client.transfer(this.token, this.attempt.body(), proof.sign());
	}

	/** The nonce the API hands to this key: asked for the way a client does, with a proof that has none. */
	private String nonceFor(ECKey key) {
		String any = TokenMint.balance("nonce-probe").claim("cnf", DPoPProof.cnf(key)).sign();
		Api.Response response = this.client.balance(any,
				DPoPProof.of(key, "GET", this.client.uri("/balance"), any).sign());
		String nonce = response.header("DPoP-Nonce");
		assertThat(nonce).as("DPoP-Nonce of %s", response.body()).isNotBlank();
		return nonce;
	}

	private static String hmacNonce(String secret, long window, ECKey key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] tag = mac.doFinal(("dpop-nonce\n" + window + "\n" + DPoPProof.thumbprint(key))
				.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void assertProofRefused(Api.Response response, String description) {
		assertChallenge(response, 401, Challenges.dpop("invalid_dpop_proof", description), PROOF_TYPE, PROOF_TITLE,
				description);
		assertThat(response.body()).doesNotContain(this.token);
		assertThat(this.bank.transfersFrom(this.attempt.payer().account())).as("transfers recorded")
			.isLessThanOrEqualTo(1);
		if (this.bank.transfersFrom(this.attempt.payer().account()) == 0) {
			this.attempt.assertNothingMoved();
		}
	}

	private void assertNonceRefused(Api.Response response, String description) {
		assertChallenge(response, 401, Challenges.dpop("use_dpop_nonce", description), NONCE_TYPE, NONCE_TITLE,
				description);
		this.attempt.assertNothingMoved();
	}

	private static void awaitQuietly(CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
