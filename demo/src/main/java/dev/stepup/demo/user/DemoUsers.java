package dev.stepup.demo.user;

import java.util.List;
import java.util.Optional;

import dev.stepup.demo.totp.TotpEnrolment;

import org.springframework.stereotype.Component;

/** The directory of demo customers. */
@Component
public final class DemoUsers {

	private static final String AUTHENTICATOR_ISSUER = "Step-up Bank";

	private final List<DemoUser> users;

	DemoUsers(DemoUserProperties properties) {
		this.users = List.copyOf(properties.users());
	}

	public Optional<DemoUser> find(String username) {
		return this.users.stream().filter((user) -> user.username().equals(username)).findFirst();
	}

	public List<DemoUser> all() {
		return this.users;
	}

	/** How {@code user} adds their second factor to a phone authenticator. */
	public TotpEnrolment enrolmentOf(DemoUser user) {
		return TotpEnrolment.of(AUTHENTICATOR_ISSUER, user.username(), user.totpSecret());
	}

}
