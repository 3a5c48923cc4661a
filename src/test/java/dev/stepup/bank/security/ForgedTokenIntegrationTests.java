package dev.stepup.bank.security;

import java.net.URI;
import java.util.List;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import dev.stepup.bank.support.ForgedTokens;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens forged to get past signature verification: every one is refused as
 * invalid_token, whatever the header claims about algorithms and keys, and
 * the attacker's own key server is never asked for anything.
 */
class ForgedTokenIntegrationTests extends AbstractTransferAttackTests {

	static final String INVALID_SIGNATURE = "Signed JWT rejected: Invalid signature";

	static final String NO_MATCHING_KEY = "Signed JWT rejected: Another algorithm expected, or no matching key(s) found";

	static final RSAKey ATTACKER_KEY = TokenMint.generate("attacker-key");

	static WireMockServer attackerServer;


	@BeforeAll
	static void startAttackerServer() {
		attackerServer = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		attackerServer.start();
		attackerServer.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(TokenMint.jwks(ATTACKER_KEY))));
	}

	@AfterAll
	static void stopAttackerServer() {
		attackerServer.stop();
	}

	@ParameterizedTest(name = "alg={0}")
	@CsvSource(delimiter = '|', textBlock = """
			none | Unsupported algorithm of none
			None | Malformed token
			NONE | Malformed token
			""")
	void transferWhenTokenIsUnsignedWithAlgNoneInAnyCaseThenInvalidToken(String alg, String description) {
		String token = ForgedTokens.unsigned(alg, transferClaims().claimsSet());

		assertInvalidToken(this.api.transfer(token, this.attempt.body()), description);
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenTokenIsHs256SignedWithThePublicKeyThenInvalidToken() {
		String token = ForgedTokens.hmacWithPublicKey(TokenMint.KEY, transferClaims().claimsSet());

		assertInvalidToken(this.api.transfer(token, this.attempt.body()), NO_MATCHING_KEY);
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenJwkHeaderCarriesTheAttackersKeyUnderTheRealKidThenInvalidToken() {
		String token = transferClaims().signedWith(ATTACKER_KEY)
			.header((header) -> header.jwk(ATTACKER_KEY.toPublicJWK()).keyID(TokenMint.KEY.getKeyID()))
			.sign();

		assertInvalidToken(this.api.transfer(token, this.attempt.body()), INVALID_SIGNATURE);
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenJwkHeaderCarriesTheAttackersKeyUnderItsOwnKidThenInvalidToken() {
		String token = transferClaims().signedWith(ATTACKER_KEY)
			.header((header) -> header.jwk(ATTACKER_KEY.toPublicJWK()))
			.sign();

		assertInvalidToken(this.api.transfer(token, this.attempt.body()), NO_MATCHING_KEY);
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenJkuHeaderPointsAtTheAttackersKeysThenInvalidTokenAndTheyAreNeverFetched() {
		assertRefusedWithoutCallingTheAttacker(
				(header) -> header.jwkURL(URI.create(attackerServer.baseUrl() + "/jwks.json")));
	}

	@Test
	void transferWhenX5uHeaderPointsAtTheAttackersCertificateThenInvalidTokenAndItIsNeverFetched() {
		assertRefusedWithoutCallingTheAttacker(
				(header) -> header.x509CertURL(URI.create(attackerServer.baseUrl() + "/cert.pem")));
	}

	@Test
	void transferWhenKidIsUnknownThenInvalidToken() {
		String token = transferClaims().signedWith(TokenMint.generate("unknown-kid")).sign();

		assertInvalidToken(this.api.transfer(token, this.attempt.body()), NO_MATCHING_KEY);
		this.attempt.assertNothingMoved();
	}

	@Test
	void transferWhenPayloadIsTamperedThenInvalidToken() {
		String balanceToken = TokenMint.balance(this.attempt.payer().subject()).sign();
		String token = ForgedTokens.withPayload(balanceToken, transferClaims().claimsSet());

		assertInvalidToken(this.api.transfer(token, this.attempt.body()), INVALID_SIGNATURE);
		this.attempt.assertNothingMoved();
	}

	/**
	 * A payload that is JSON but not an object, signed by the issuer's own key
	 * or under a signature lifted from a real token: Nimbus's parser reads the
	 * text {@code null} as no object at all, which once reached the claims
	 * check as a null map and answered 500 before any signature was verified.
	 */
	@ParameterizedTest(name = "payload {0}")
	@ValueSource(strings = { "null", "[\"sub\"]", "\"sub\"", "42", "true" })
	void transferWhenPayloadIsJsonButNotAnObjectThenInvalidToken(String payload) {
		String signed = ForgedTokens.signedPayload(TokenMint.KEY, payload);
		String lifted = ForgedTokens.withPayloadText(transferClaims().sign(), payload);

		for (String token : List.of(signed, lifted)) {
			assertInvalidToken(this.api.transfer(token, this.attempt.body()), "Malformed payload");
			assertInvalidToken(this.api.get("/balance", token), "Malformed payload");
		}
		this.attempt.assertNothingMoved();
	}

	/**
	 * Spellings of a genuine token that a lenient base64url decoder reads as the
	 * same bytes (Nimbus skips characters outside the alphabet, takes padding,
	 * ignores unused bits): each is refused before it is parsed, so there is one
	 * spelling per token and one verified-token cache entry.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "tilde", "padding", "one pad", "plus", "space", "unused bits", "four parts" })
	void transferAndBalanceWhenTokenIsSpelledOtherThanCanonicallyThenMalformedAndTheGenuineStillWorks(String how) {
		String genuine = transferClaims().sign();
		String variant = switch (how) {
			case "tilde" -> genuine + "~";
			case "padding" -> genuine + "==";
			case "one pad" -> genuine + "=";
			case "plus" -> genuine.substring(0, 10) + "+" + genuine.substring(10);
			case "space" -> genuine.replace(".", ". ");
			case "unused bits" -> ForgedTokens.withNonCanonicalSignatureEnding(genuine);
			case "four parts" -> genuine + ".AAAA";
			default -> throw new IllegalArgumentException(how);
		};

		if (!how.equals("space")) {
			assertInvalidToken(this.api.get("/balance", variant), "Malformed token");
			assertInvalidToken(this.api.transfer(variant, this.attempt.body()), "Malformed token");
		}
		else {
			// not even a b64token (RFC 6750): the header itself is refused
			assertInvalidToken(this.api.transfer(variant, this.attempt.body()), "bearer token is malformed");
		}
		this.attempt.assertNothingMoved();
		assertThat(this.api.transfer(genuine, this.attempt.body()).status()).isEqualTo(201);
	}

	@Test
	void transferWhenSignatureIsStrippedThenInvalidToken() {
		String token = ForgedTokens.withoutSignature(transferClaims().sign());

		assertInvalidToken(this.api.transfer(token, this.attempt.body()), "Malformed token");
		this.attempt.assertNothingMoved();
	}

	/** Signed with the attacker's key under the real kid, so only a key from the header could verify it. */
	private void assertRefusedWithoutCallingTheAttacker(Consumer<JWSHeader.Builder> pointAtAttacker) {
		String token = transferClaims().signedWith(ATTACKER_KEY)
			.header(pointAtAttacker.andThen((header) -> header.keyID(TokenMint.KEY.getKeyID())))
			.sign();

		assertInvalidToken(this.api.transfer(token, this.attempt.body()), INVALID_SIGNATURE);
		this.attempt.assertNothingMoved();
		assertThat(attackerServer.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	private TokenMint transferClaims() {
		return TokenMint.transfer(this.attempt.payer().subject());
	}

}
