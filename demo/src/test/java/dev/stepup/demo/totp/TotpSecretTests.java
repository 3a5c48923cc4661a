package dev.stepup.demo.totp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TotpSecretTests {

	@Test
	void secretWhen160BitsOfBase32ThenAccepted() {
		assertThat(new TotpSecret("QY3AYQYI45GKJ7ODBVX423K6XYTK2JBP").base32()).hasSize(32);
	}

	@Test
	void secretWhenShorterThan128BitsThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TotpSecret("QY3AYQYI45GKJ7ODBVX423K6"));
	}

	@Test
	void secretWhenNotBase32ThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TotpSecret("QY3AYQYI45GKJ7ODBVX423K6XYTK2JB1"));
	}

	@Test
	void toStringWhenLoggedThenSecretHidden() {
		assertThat(new TotpSecret("QY3AYQYI45GKJ7ODBVX423K6XYTK2JBP").toString()).doesNotContain("QY3A");
	}

}
