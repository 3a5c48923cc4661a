package dev.stepup.demo.payment;

import org.springframework.security.oauth2.core.OAuth2Error;

/** The request's {@code authorization_details} cannot be approved: RFC 9396 §5 {@code invalid_authorization_details}. */
public final class InvalidAuthorizationDetails extends RuntimeException {

	public static final String ERROR_CODE = "invalid_authorization_details";

	private static final String ERROR_URI = "https://www.rfc-editor.org/rfc/rfc9396#section-5";

	InvalidAuthorizationDetails(String description) {
		super(description);
	}

	public OAuth2Error error() {
		return new OAuth2Error(ERROR_CODE, getMessage(), ERROR_URI);
	}

}
