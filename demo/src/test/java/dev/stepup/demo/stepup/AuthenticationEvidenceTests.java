package dev.stepup.demo.stepup;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationEvidenceTests {

	private static final Instant SIGNED_IN = Instant.parse("2026-01-01T10:00:00Z");

	private static final Instant STEPPED_UP = Instant.parse("2026-01-01T10:07:00Z");

	private final Authentication password = UsernamePasswordAuthenticationToken.authenticated("alice", null,
			List.of(new SimpleGrantedAuthority("ROLE_CUSTOMER"),
					FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
						.issuedAt(SIGNED_IN)
						.build()));

	@Test
	void evidenceWhenPasswordOnlyThenPwdAndNoMultiFactorAcr() {
		AuthenticationEvidence evidence = AuthenticationEvidence.of(this.password);

		assertThat(evidence.methods()).containsExactly("pwd");
		assertThat(evidence.multiFactor()).isFalse();
		assertThat(evidence.authenticationContextClass()).isEmpty();
		assertThat(evidence.authenticatedAt()).contains(SIGNED_IN);
	}

	@Test
	void evidenceWhenSecondFactorAddedThenPwdOtpMfaAndMultiFactorAcrAtStepUpTime() {
		AuthenticationEvidence evidence = AuthenticationEvidence.of(SecondFactor.addedTo(this.password, STEPPED_UP));

		assertThat(evidence.methods()).containsExactly("pwd", "otp", "mfa");
		assertThat(evidence.authenticationContextClass()).contains(AuthenticationEvidence.MULTI_FACTOR_ACR);
		assertThat(evidence.authenticatedAt()).contains(STEPPED_UP);
	}

	@Test
	void evidenceWhenNoFactorsRecordedThenNoMethodsAndNoTime() {
		AuthenticationEvidence evidence = AuthenticationEvidence
			.of(UsernamePasswordAuthenticationToken.authenticated("alice", null, List.of()));

		assertThat(evidence.methods()).isEmpty();
		assertThat(evidence.multiFactor()).isFalse();
		assertThat(evidence.authenticatedAt()).isEmpty();
	}

	@Test
	void secondFactorWhenAddedTwiceThenOnlyTheLatestCounts() {
		Authentication twice = SecondFactor.addedTo(SecondFactor.addedTo(this.password, SIGNED_IN), STEPPED_UP);

		assertThat(twice.getAuthorities()).filteredOn((authority) -> authority.getAuthority().equals("FACTOR_TOTP"))
			.hasSize(1);
		assertThat(AuthenticationEvidence.of(twice).authenticatedAt()).contains(STEPPED_UP);
	}

}
