package dev.stepup.bank.security.stepup;

import dev.stepup.bank.security.BearerChallenge;

/**
 * Under {@code one-transfer-per-authentication}: another token from the same
 * authentication event (same issuer, subject, auth_time and approved payments)
 * has already moved money. The client must authenticate again (RFC 9470
 * {@code max_age=0}).
 */
public class AuthenticationAlreadyUsed extends StepUpRefusal {

	static final String DESCRIPTION = "this authentication has already authorized a transfer; authenticate again";

	AuthenticationAlreadyUsed(String acrValues) {
		super(BearerChallenge.insufficientUserAuthentication(acrValues, 0L, DESCRIPTION), "authentication_spent");
	}

}
