package dev.stepup.bank.security.stepup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.stepup.bank.security.BearerChallenge;
import dev.stepup.bank.security.ChallengeDecision;
import dev.stepup.bank.security.SecurityProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** Every branch of the rule for moving money, with a fixed clock. */
class StepUpPolicyTests {

	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	static final String MFA_ACR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

	static final String ACR_CHALLENGE = "Bearer error=\"insufficient_user_authentication\", acr_values=\"" + MFA_ACR
			+ "\", error_description=\"moving money needs multi-factor authentication\"";

	static final String MAX_AGE_CHALLENGE = "Bearer error=\"insufficient_user_authentication\", acr_values=\"" + MFA_ACR
			+ "\", max_age=300, error_description=\"moving money needs an authentication no older than 300 seconds\"";

	final StepUpPolicy policy = new StepUpPolicy(properties(), Clock.fixed(NOW, ZoneOffset.UTC),
			PaymentBindingTests.binding(AuthorizationDetailsMode.WHEN_PRESENT));

	@Test
	void checkWhenTokenHasScopeJtiShortLifetimeAndFreshMfaThenGranted() {
		assertThat(check(steppedUp((token) -> {
		}))).isEmpty();
	}

	@Test
	void checkWhenTransferScopeMissingThenInsufficientScopeBeforeAnythingElse() {
		assertDenied(check(steppedUp((token) -> token.claims((claims) -> claims.remove("jti"))), "view:balance"),
				"insufficient_scope", "Bearer error=\"insufficient_scope\", scope=\"transfer:funds\", "
						+ "error_description=\"moving money needs the transfer:funds scope\"");
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "  " })
	void checkWhenJtiMissingOrBlankThenInvalidToken(String jti) {
		Jwt token = steppedUp((builder) -> builder.claims((claims) -> {
			claims.remove("jti");
			if (jti != null) {
				claims.put("jti", jti);
			}
		}));

		assertDenied(check(token), "missing_jti", invalidToken("a transfer token must carry a jti"));
	}

	@Test
	void checkWhenJtiLongerThan255CharactersThenInvalidToken() {
		assertDenied(check(steppedUp((token) -> token.jti("j".repeat(256)))), "missing_jti",
				invalidToken("a transfer token must carry a jti"));
		assertThat(check(steppedUp((token) -> token.jti("j".repeat(255))))).isEmpty();
	}

	@Test
	void checkWhenJtiAndMfaBothMissingThenJtiIsReportedFirst() {
		Jwt token = steppedUp((builder) -> builder.claims((claims) -> {
			claims.remove("jti");
			claims.remove("amr");
			claims.remove("acr");
		}));

		assertDenied(check(token), "missing_jti", invalidToken("a transfer token must carry a jti"));
	}

	@Test
	void checkWhenIssuedAtMissingThenInvalidToken() {
		assertDenied(check(steppedUp((token) -> token.claims((claims) -> claims.remove("iat")))), "missing_iat",
				invalidToken("a transfer token must carry iat and exp"));
	}

	@Test
	void checkWhenExpiryMissingThenInvalidToken() {
		assertDenied(check(steppedUp((token) -> token.claims((claims) -> claims.remove("exp")))), "missing_iat",
				invalidToken("a transfer token must carry iat and exp"));
	}

	@Test
	void checkWhenLifetimeExceedsTenMinutesThenInvalidToken() {
		assertDenied(check(steppedUp((token) -> token.issuedAt(NOW).expiresAt(NOW.plusSeconds(601)))),
				"lifetime_too_long", invalidToken("a transfer token may live at most 600 seconds"));
	}

	@Test
	void checkWhenLifetimeIsExactlyTenMinutesThenGranted() {
		assertThat(check(steppedUp((token) -> token.issuedAt(NOW).expiresAt(NOW.plusSeconds(600))))).isEmpty();
	}

	@Test
	void checkWhenAmrHasAnAcceptedMethodAndNoAcrThenGranted() {
		assertThat(check(steppedUp((token) -> token.claim("amr", List.of("pwd", "hwk"))
			.claims((claims) -> claims.remove("acr"))))).isEmpty();
	}

	@Test
	void checkWhenAcrIsAcceptedAndAmrHasNoAcceptedMethodThenGranted() {
		assertThat(check(steppedUp((token) -> token.claim("amr", List.of("pwd"))))).isEmpty();
	}

	@Test
	void checkWhenNeitherAmrNorAcrPresentThenAcrValuesChallenge() {
		assertMfaRequired(steppedUp((token) -> token.claims((claims) -> {
			claims.remove("amr");
			claims.remove("acr");
		})));
	}

	@Test
	void checkWhenAmrHasOnlyPasswordAndAcrIsAnotherLevelThenAcrValuesChallenge() {
		assertMfaRequired(steppedUp((token) -> token.claim("amr", List.of("pwd")).claim("acr", "urn:loa:1")));
	}

	@Test
	void checkWhenAmrIsAStringInsteadOfAnArrayThenAcrValuesChallenge() {
		assertMfaRequired(steppedUp((token) -> token.claim("amr", "mfa").claims((claims) -> claims.remove("acr"))));
	}

	@Test
	void checkWhenAcrIsAnArrayInsteadOfAStringThenAcrValuesChallenge() {
		assertMfaRequired(steppedUp((token) -> token.claim("amr", List.of("pwd")).claim("acr", List.of(MFA_ACR))));
	}

	@Test
	void checkWhenEntraAcrsHoldsAnAcceptedContextThenGranted() {
		assertThat(check(steppedUp((token) -> token.claim("amr", List.of("pwd")).claim("acrs", List.of("c9", MFA_ACR))
			.claims((claims) -> claims.remove("acr"))))).isEmpty();
	}

	@Test
	void checkWhenAcrsHoldsOnlyOtherContextsOrIsAStringThenAcrValuesChallenge() {
		assertMfaRequired(steppedUp((token) -> token.claim("amr", List.of("pwd")).claim("acrs", List.of("c9"))
			.claims((claims) -> claims.remove("acr"))));
		assertMfaRequired(steppedUp((token) -> token.claim("amr", List.of("pwd")).claim("acrs", MFA_ACR)
			.claims((claims) -> claims.remove("acr"))));
	}

	@Test
	void checkWhenNoJtiButEntraUtiThenGranted() {
		assertThat(check(steppedUp((token) -> token.claim("uti", "AbCdEf123").claims((claims) -> claims.remove("jti")))))
			.isEmpty();
	}

	@Test
	void checkWhenJtiIsNotAStringThenUtiDoesNotStandInAndTheTokenIsRefused() {
		assertDenied(check(steppedUp((token) -> token.claim("jti", 42).claim("uti", "AbCdEf123"))), "missing_jti",
				invalidToken("a transfer token must carry a jti"));
	}

	/** {@code auth_time} values fresh enough: within max age (300 s), at its edge, or ahead within the skew. */
	static Stream<Arguments> freshAuthTimes() {
		return Stream.of(Arguments.of("an Instant within max age", NOW.minusSeconds(10)),
				Arguments.of("an integer within max age", (int) NOW.minusSeconds(10).getEpochSecond()),
				Arguments.of("exactly max age old", NOW.minusSeconds(300).getEpochSecond()),
				Arguments.of("in the future within the clock skew", NOW.plusSeconds(30).getEpochSecond()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("freshAuthTimes")
	void checkWhenAuthTimeIsFreshEnoughThenGranted(String authTime, Object value) {
		assertThat(check(steppedUp((token) -> token.claim("auth_time", value)))).isEmpty();
	}

	/** {@code auth_time} values that do not prove a recent authentication. */
	static Stream<Arguments> staleOrMalformedAuthTimes() {
		return Stream.of(Arguments.of("one second older than max age", NOW.minusSeconds(301).getEpochSecond()),
				Arguments.of("a string", Long.toString(NOW.getEpochSecond())),
				Arguments.of("a fractional number", NOW.getEpochSecond() - 10.5),
				Arguments.of("in the future beyond the clock skew", NOW.plusSeconds(31).getEpochSecond()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("staleOrMalformedAuthTimes")
	void checkWhenAuthTimeIsStaleOrMalformedThenMaxAgeChallenge(String authTime, Object value) {
		assertMfaTooOld(steppedUp((token) -> token.claim("auth_time", value)));
	}

	@Test
	void checkWhenAuthTimeMissingThenMaxAgeChallenge() {
		assertMfaTooOld(steppedUp((token) -> token.claims((claims) -> claims.remove("auth_time"))));
	}

	private void assertMfaRequired(Jwt token) {
		assertDenied(check(token), "mfa_required", ACR_CHALLENGE);
	}

	private void assertMfaTooOld(Jwt token) {
		assertDenied(check(token), "mfa_too_old", MAX_AGE_CHALLENGE);
	}

	private static void assertDenied(Optional<ChallengeDecision> decision, String reason, String header) {
		assertThat(decision).hasValueSatisfying((denied) -> {
			assertThat(denied.isGranted()).isFalse();
			assertThat(denied.reason()).isEqualTo(reason);
			assertThat(denied.challenge().headerValue()).isEqualTo(header);
		});
	}

	private static String invalidToken(String description) {
		return BearerChallenge.invalidToken(description).headerValue();
	}

	private Optional<ChallengeDecision> check(Jwt token) {
		return check(token, "view:balance", "transfer:funds");
	}

	private Optional<ChallengeDecision> check(Jwt token, String... scopes) {
		String[] authorities = List.of(scopes).stream().map((scope) -> "SCOPE_" + scope).toArray(String[]::new);
		return this.policy.check(new JwtAuthenticationToken(token, AuthorityUtils.createAuthorityList(authorities)),
				token);
	}

	/** A transfer token after a fresh MFA login, then changed by {@code change}. */
	private static Jwt steppedUp(Consumer<Jwt.Builder> change) {
		Jwt.Builder token = Jwt.withTokenValue("token")
			.header("alg", "RS256")
			.subject("alice")
			.issuer("https://issuer.test")
			.jti("jti-1")
			.issuedAt(NOW.minusSeconds(5))
			.expiresAt(NOW.plusSeconds(295))
			.claim("amr", List.of("pwd", "otp"))
			.claim("acr", MFA_ACR)
			.claim("auth_time", NOW.minusSeconds(5).getEpochSecond());
		change.accept(token);
		return token.build();
	}

	private static SecurityProperties properties() {
		return new SecurityProperties(
				new SecurityProperties.StepUp(List.of("mfa", "otp", "hwk", "swk", "sms", "face", "fpt"),
						List.of(MFA_ACR), Duration.ofSeconds(300), AuthorizationDetailsMode.WHEN_PRESENT, false),
				new SecurityProperties.Token(Duration.ofSeconds(30), Duration.ofMinutes(10), DataSize.ofKilobytes(8),
						false, "sub"),
				null, null, null);
	}

}
