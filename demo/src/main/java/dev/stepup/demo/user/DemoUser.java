package dev.stepup.demo.user;

import java.util.List;

import dev.stepup.demo.totp.TotpSecret;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A demo customer. The username becomes the token's {@code sub}, which the API
 * takes as the owner of accounts.
 *
 * @param username the sign-in name and token subject
 * @param password the first factor
 * @param totpSecret the second factor's shared secret
 * @param accounts the API's ids of the accounts this customer owns (the API opens
 * them, see its {@code DemoCustomers}): the only ones a payment approved here may
 * leave
 */
public record DemoUser(@NotBlank @Size(max = 64) @Pattern(regexp = "[a-z][a-z0-9-]*") String username,
		@NotBlank @Size(min = 8, max = 128) String password, @NotNull TotpSecret totpSecret,
		@NotEmpty @Size(max = 16) List<@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9-]{0,63}") String> accounts) {

	public DemoUser {
		// null only when missing, which validation then reports by name
		accounts = (accounts != null) ? List.copyOf(accounts) : null;
	}

	// Passwords and secrets are demo data, yet they must not leak into logs either.
	@Override
	public String toString() {
		return "DemoUser[" + this.username + "]";
	}

}
