package dev.stepup.demo.stepup;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StepUpPolicyTests {

	private static final String MULTI_FACTOR = "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

	private final StepUpPolicy policy = new StepUpPolicy(new StepUpProperties(Set.of("transfer:funds"),
			Set.of(MULTI_FACTOR), Duration.ofMinutes(2), 5));

	@Test
	void requestWhenBalanceScopeOnlyThenPasswordIsEnough() {
		assertThat(this.policy.requiresSecondFactor(request(Set.of("openid", "view:balance"), Set.of(), false)))
			.isFalse();
	}

	@Test
	void requestWhenTransferScopeThenSecondFactorRequired() {
		assertThat(this.policy.requiresSecondFactor(request(Set.of("openid", "transfer:funds"), Set.of(), false)))
			.isTrue();
	}

	@Test
	void requestWhenAcrValuesNameMultiFactorThenSecondFactorRequired() {
		assertThat(this.policy.requiresSecondFactor(request(Set.of("view:balance"), Set.of("urn:other", MULTI_FACTOR),
				false)))
			.isTrue();
	}

	@Test
	void requestWhenAcrValuesNameSomethingElseThenPasswordIsEnough() {
		assertThat(this.policy.requiresSecondFactor(request(Set.of("view:balance"), Set.of("urn:other"), false)))
			.isFalse();
	}

	@Test
	void requestWhenMaxAgeSentThenSecondFactorRequired() {
		assertThat(this.policy.requiresSecondFactor(request(Set.of("view:balance"), Set.of(), true))).isTrue();
	}

	@Test
	void requestWhenContentIsPushedElsewhereThenSecondFactorRequired() {
		assertThat(this.policy
			.requiresSecondFactor(new AuthorizationRequestFacts(Set.of(), Set.of(), false, true, null))).isTrue();
	}

	@Test
	void requestWhenAskingToApproveAPaymentThenSecondFactorRequiredWhateverTheScope() {
		assertThat(this.policy.requiresSecondFactor(
				new AuthorizationRequestFacts(Set.of("view:balance"), Set.of(), false, false, "[]")))
			.isTrue();
	}

	@Test
	void scopesWhenSomeNeedSecondFactorThenThoseAreNamed() {
		assertThat(this.policy.requiresSecondFactor(List.of("view:balance"))).isFalse();
		assertThat(this.policy.secondFactorScopesIn(List.of("view:balance", "transfer:funds")))
			.containsExactly("transfer:funds");
	}

	private static AuthorizationRequestFacts request(Set<String> scopes, Set<String> acrValues, boolean maxAge) {
		return new AuthorizationRequestFacts(scopes, acrValues, maxAge, false, null);
	}

}
