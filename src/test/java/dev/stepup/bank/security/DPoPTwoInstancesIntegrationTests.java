package dev.stepup.bank.security;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import com.nimbusds.jose.jwk.ECKey;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.BankInstance;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.DPoPClient;
import dev.stepup.bank.support.DPoPProof;
import dev.stepup.bank.support.Postgres;
import dev.stepup.bank.support.RequiresPostgres;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.stepup.bank.support.ProblemAssertions.assertChallenge;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL schema behind one public URI (a proxy that
 * sends {@code X-Forwarded-*}), with DPoP required for transfers and nonces
 * on, as in docker-compose.yml: a proof used on one instance is refused by
 * the other, and a nonce handed out by one is accepted by the other.
 */
@RequiresPostgres
class DPoPTwoInstancesIntegrationTests {

	static final String PUBLIC_HOST = "bank.example";

	static final String[] SETTINGS = { "bank.demo-data.enabled=false", "server.forward-headers-strategy=native",
			"bank.security.dpop.required-for-transfers=true", "bank.security.dpop.nonce.enabled=true",
			"bank.security.dpop.nonce.secret=two-instances-share-this-nonce-secret-0123" };

	static BankInstance a;

	static BankInstance b;

	DPoPClient onA;

	DPoPClient onB;

	Customer alice;

	Customer bob;

	ECKey key;

	String token;

	@BeforeAll
	static void startTwoInstancesOnOneSchema() {
		String url = Postgres.freshSchemaUrl();
		a = BankInstance.start(url, SETTINGS);
		b = BankInstance.start(url, SETTINGS);
	}

	@AfterAll
	static void stop() {
		for (BankInstance instance : new BankInstance[] { a, b }) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@BeforeEach
	void boundTransferToken() {
		this.onA = DPoPClient.behindProxy(a.api(), PUBLIC_HOST);
		this.onB = DPoPClient.behindProxy(b.api(), PUBLIC_HOST);
		this.alice = a.bank().newCustomer("100.00");
		this.bob = a.bank().newCustomer("0.00");
		this.key = DPoPProof.newKey();
		this.token = TokenMint.transfer(this.alice.subject()).claim("cnf", DPoPProof.cnf(this.key)).sign();
	}

	@Test
	void proofUsedOnOneInstanceThenRefusedOnTheOtherWithNoMoneyMoved() {
		String body = Api.transferBody(this.alice.account(), this.bob.account(), "10.00");
		String proof = DPoPProof.of(this.key, "POST", this.onA.uri("/transfer"), this.token)
			.claim("nonce", nonceFrom(this.onB))
			.sign();

		Api.Response first = this.onA.transfer(this.token, body, proof);
		Api.Response replay = this.onB.transfer(this.token, body, proof);

		assertThat(first.status()).as(first.body()).isEqualTo(201);
		assertChallenge(replay, 401, Challenges.dpop("invalid_dpop_proof", "DPoP proof has already been used"),
				"urn:stepup-bank:problem:invalid-dpop-proof", "Invalid DPoP proof", "DPoP proof has already been used");
		assertThat(a.bank().balance(this.alice.account())).isEqualByComparingTo("90.00");
		assertThat(a.bank().transfersFrom(this.alice.account())).isEqualTo(1);
	}

	@Test
	void balanceProofUsedOnOneInstanceThenRefusedOnTheOther() {
		String proof = DPoPProof.of(this.key, "GET", this.onA.uri("/balance"), this.token)
			.claim("nonce", nonceFrom(this.onA))
			.sign();

		assertThat(this.onB.balance(this.token, proof).status()).isEqualTo(200);
		assertChallenge(this.onA.balance(this.token, proof), 401,
				Challenges.dpop("invalid_dpop_proof", "DPoP proof has already been used"),
				"urn:stepup-bank:problem:invalid-dpop-proof", "Invalid DPoP proof", "DPoP proof has already been used");
	}

	@Test
	void fiftyParallelTransfersWithOneTokenAndOneProofAcrossBothInstancesThenExactlyOneCreated() throws Exception {
		String body = Api.transferBody(this.alice.account(), this.bob.account(), "1.00");
		String proof = DPoPProof.of(this.key, "POST", this.onA.uri("/transfer"), this.token)
			.claim("nonce", nonceFrom(this.onA))
			.sign();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(50);
		List<Api.Response> responses;
		try {
			List<CompletableFuture<Api.Response>> race = IntStream.range(0, 50)
				.mapToObj((i) -> CompletableFuture.supplyAsync(() -> {
					awaitQuietly(start);
					return (i % 2 == 0 ? this.onA : this.onB).transfer(this.token, body, proof);
				}, pool))
				.toList();
			start.countDown();
			responses = race.stream().map(CompletableFuture::join).toList();
		}
		finally {
			pool.shutdownNow();
		}

		assertThat(responses).filteredOn((r) -> r.status() == 201).hasSize(1);
		assertThat(responses).filteredOn((r) -> r.status() == 401)
			.hasSize(49)
			.allSatisfy((r) -> assertThat(Challenges.of(r))
				.isEqualTo(Challenges.dpop("invalid_dpop_proof", "DPoP proof has already been used")));
		assertThat(a.bank().balance(this.alice.account())).isEqualByComparingTo("99.00");
		assertThat(a.bank().transfersFrom(this.alice.account())).isEqualTo(1);
		a.bank().assertInvariants();
	}

	/** The nonce as a client learns it: a first proof without one is answered use_dpop_nonce with DPoP-Nonce. */
	private String nonceFrom(DPoPClient instance) {
		Api.Response response = instance.transfer(this.token, "{}",
				DPoPProof.of(this.key, "POST", instance.uri("/transfer"), this.token).sign());
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(Challenges.of(response)).contains("error=\"use_dpop_nonce\"");
		return response.header("DPoP-Nonce");
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
