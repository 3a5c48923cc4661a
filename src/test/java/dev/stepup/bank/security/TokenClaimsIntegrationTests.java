package dev.stepup.bank.security;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEObjectType;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.stepup.bank.support.ProblemAssertions.assertInvalidToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Correctly signed tokens whose claims the API must not trust (time, issuer,
 * audience, subject, type), and the scope claims of the authorization servers
 * it must understand.
 */
class TokenClaimsIntegrationTests extends AbstractTransferAttackTests {

	@Test
	void transferWhenTokenExpiredBeyondClockSkewThenInvalidToken() {
		Instant expired = now().minusSeconds(60);
		String token = transferToken().claim("iat", Date.from(expired.minusSeconds(300)))
			.claim("exp", Date.from(expired))
			.sign();

		assertRefused(token, "Jwt expired at " + expired);
	}

	@Test
	void transferWhenTokenNotYetValidBeyondClockSkewThenInvalidToken() {
		Instant notBefore = now().plusSeconds(60);
		String token = transferToken().claim("nbf", Date.from(notBefore)).sign();

		assertRefused(token, "Jwt used before " + notBefore);
	}

	@Test
	void transferWhenTokenIssuedInTheFutureBeyondClockSkewThenInvalidToken() {
		String token = transferToken().claim("iat", Date.from(now().plusSeconds(60))).sign();

		assertRefused(token, "iat claim is in the future");
	}

	/** A front-end keeps its token until exp; how long ago it was issued is no reason to refuse it. */
	@Test
	void balanceWhenTokenIssuedFourMinutesAgoAndUnexpiredThenOk() {
		Instant issued = now().minusSeconds(240);
		assertBalanceReadWith(TokenMint.balance(this.attempt.payer().subject())
			.claim("iat", Date.from(issued))
			.claim("exp", Date.from(issued.plusSeconds(300))));
	}

	@Test
	void transferWhenTokenIssuedTwoMinutesAgoWithFreshEnoughMfaThenCreated() {
		Instant issued = now().minusSeconds(120);
		String token = transferToken().claim("iat", Date.from(issued))
			.claim("auth_time", issued.getEpochSecond())
			.claim("exp", Date.from(issued.plusSeconds(300)))
			.sign();

		assertThat(this.api.transfer(token, this.attempt.body()).status()).isEqualTo(201);
		this.bank.assertInvariants();
	}

	@Test
	void transferWhenTokenHasNoExpiryThenInvalidToken() {
		String token = transferToken().without("exp").sign();

		assertRefused(token, "exp is required");
	}

	@Test
	void transferWhenIssuerIsAnotherServerThenInvalidToken() {
		String token = transferToken().claim("iss", "https://evil.test").sign();

		assertRefused(token, "The iss claim is not valid");
	}

	@Test
	void transferWhenIssuerDiffersOnlyByATrailingSlashThenInvalidToken() {
		String token = transferToken().claim("iss", TokenMint.ISSUER + "/").sign();

		assertRefused(token, "The iss claim is not valid");
	}

	@Test
	void transferWhenAudienceIsAnotherApiThenInvalidToken() {
		String token = transferToken().claim("aud", List.of("https://another-api")).sign();

		assertRefused(token, "The aud claim is not valid");
	}

	@Test
	void transferWhenTokenHasNoSubjectThenInvalidToken() {
		String token = transferToken().without("sub").sign();

		assertRefused(token, "The sub claim is not valid");
	}

	@Test
	void transferWhenTokenTypeIsNotAnAccessTokenThenInvalidToken() {
		String token = transferToken().header((header) -> header.type(new JOSEObjectType("id_token+jwt"))).sign();

		assertRefused(token, "the given typ value needs to be one of [JWT, at+jwt]");
	}

	/** The scope claims of the authorization servers, in the shape each sends. */
	static Stream<Arguments> scopeClaims() {
		return Stream.of(Arguments.of("Okta scp array", "scp", List.of("openid", "view:balance")),
				Arguments.of("Azure scp string", "scp", "openid view:balance"),
				Arguments.of("Auth0 permissions array", "permissions", List.of("view:balance")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("scopeClaims")
	void balanceWhenScopeIsInAProviderScopeClaimThenOk(String provider, String claim, Object scope) {
		assertBalanceReadWith(TokenMint.balance(this.attempt.payer().subject()).without("scope").claim(claim, scope));
	}

	@Test
	void transferWhenTransferScopeIsAnAuth0PermissionThenCreated() {
		String token = transferToken().without("scope").claim("permissions", List.of("transfer:funds")).sign();

		Api.Response response = this.api.transfer(token, this.attempt.body());

		assertThat(response.status()).isEqualTo(201);
		assertThat(this.bank.balance(this.attempt.payer().account())).isEqualByComparingTo("975.00");
		this.bank.assertInvariants();
	}

	private void assertBalanceReadWith(TokenMint token) {
		Api.Response response = this.api.get("/balance", token.sign());

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("accounts").get(0).get("id").asString())
			.isEqualTo(this.attempt.payer().account());
	}

	private void assertRefused(String token, String description) {
		assertInvalidToken(this.api.transfer(token, this.attempt.body()), description);
		this.attempt.assertNothingMoved();
	}

	private TokenMint transferToken() {
		return TokenMint.transfer(this.attempt.payer().subject());
	}

	private static Instant now() {
		return Instant.now().truncatedTo(ChronoUnit.SECONDS);
	}

}
