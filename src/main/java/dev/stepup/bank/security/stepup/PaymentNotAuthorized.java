package dev.stepup.bank.security.stepup;

import dev.stepup.bank.security.BearerChallenge;

/**
 * The token is bound to payments (RFC 9396) and the transfer asked for is not
 * one of them, or binding is required and the token carries none. Nothing was
 * decided and the token was not spent.
 */
public class PaymentNotAuthorized extends StepUpRefusal {

	static final String MISMATCH = "the transfer does not match the payment approved with this token";

	static final String MISSING = "moving money needs a token bound to the payment (authorization_details of type "
			+ PaymentInitiation.TYPE + ")";

	private PaymentNotAuthorized(String description, String cause) {
		super(BearerChallenge.insufficientAuthorizationDetails(description), cause);
	}

	static PaymentNotAuthorized mismatch() {
		return new PaymentNotAuthorized(MISMATCH, "payment_mismatch");
	}

	static PaymentNotAuthorized missing() {
		return new PaymentNotAuthorized(MISSING, "payment_binding_required");
	}

}
