package dev.stepup.demo.authserver;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.stepup.demo.payment.InvalidAuthorizationDetails;
import dev.stepup.demo.payment.PaymentApprovals;
import dev.stepup.demo.payment.PaymentInitiation;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationToken;

/**
 * Where Spring Authorization Server meets {@code authorization_details} (RFC 9396):
 * checked for shape where a request arrives (the authorization endpoint, pushed
 * authorization requests, the device authorization endpoint), and for the customer's
 * own accounts where the customer is known (signed in at the authorization endpoint;
 * for the device grant, only when they approve the user code). Refusals are RFC 9396
 * §5 {@code invalid_authorization_details}.
 */
final class PaymentRequests {

	private static final OAuth2TokenType USER_CODE = new OAuth2TokenType(OAuth2ParameterNames.USER_CODE);

	private PaymentRequests() {
	}

	/** The authorization endpoint: the default checks, then the payments and, once signed in, whose they are. */
	static Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> authorizationRequests(
			PaymentApprovals approvals) {
		return new OAuth2AuthorizationCodeRequestAuthenticationValidator().andThen((context) -> {
			OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
			Authentication user = (Authentication) request.getPrincipal();
			try {
				List<PaymentInitiation> payments = approvals.read(detailsOf(request));
				if (user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken)) {
					approvals.requireOwnedBy(user.getName(), payments);
				}
			}
			catch (InvalidAuthorizationDetails ex) {
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(ex.error(), request);
			}
		});
	}

	/** Pushed authorization requests (RFC 9126): the client is known, the customer not yet, so the shape only. */
	static Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> pushedRequests(PaymentApprovals approvals) {
		return new OAuth2AuthorizationCodeRequestAuthenticationValidator().andThen((context) -> {
			try {
				approvals.read(detailsOf(context.getAuthentication()));
			}
			catch (InvalidAuthorizationDetails ex) {
				throw new OAuth2AuthorizationCodeRequestAuthenticationException(ex.error(), context.getAuthentication());
			}
		});
	}

	/**
	 * The device authorization endpoint: checks the payments' shape, then keeps them with
	 * the authorization (Spring Authorization Server keeps only the scopes of this request).
	 */
	static AuthenticationProvider deviceAuthorizationRequests(AuthenticationProvider delegate,
			PaymentApprovals approvals, OAuth2AuthorizationService authorizations) {
		return new DecoratedProvider(delegate, (authentication) -> {
			Object details = ((OAuth2DeviceAuthorizationRequestAuthenticationToken) authentication)
				.getAdditionalParameters()
				.get(PaymentApprovals.PARAMETER);
			refuseInvalid(() -> approvals.read(details));
			OAuth2DeviceAuthorizationRequestAuthenticationToken issued = (OAuth2DeviceAuthorizationRequestAuthenticationToken) delegate
				.authenticate(authentication);
			if (details != null) {
				OAuth2Authorization authorization = authorizations
					.findByToken(issued.getUserCode().getTokenValue(), USER_CODE);
				authorizations.save(OAuth2Authorization.from(authorization)
					.attribute(PaymentApprovals.PARAMETER, details)
					.build());
			}
			return issued;
		});
	}

	/** The device verification endpoint: the customer who approves must own the accounts the money leaves. */
	static AuthenticationProvider deviceVerifications(AuthenticationProvider delegate, PaymentApprovals approvals,
			OAuth2AuthorizationService authorizations) {
		return new DecoratedProvider(delegate, (authentication) -> {
			OAuth2DeviceVerificationAuthenticationToken verification = (OAuth2DeviceVerificationAuthenticationToken) authentication;
			OAuth2Authorization authorization = authorizations.findByToken(verification.getUserCode(), USER_CODE);
			if (authorization != null) {
				String customer = ((Authentication) verification.getPrincipal()).getName();
				refuseInvalid(() -> approvals.requireOwnedBy(customer,
						approvals.read(PaymentApprovals.requestedIn(authorization).orElse(null))));
			}
			return delegate.authenticate(authentication);
		});
	}

	private static Object detailsOf(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
		return request.getAdditionalParameters().get(PaymentApprovals.PARAMETER);
	}

	private static void refuseInvalid(Runnable check) {
		try {
			check.run();
		}
		catch (InvalidAuthorizationDetails ex) {
			throw new OAuth2AuthenticationException(ex.error());
		}
	}

	/** Spring Authorization Server's provider, with a step of this server's around it. */
	private record DecoratedProvider(AuthenticationProvider delegate,
			Function<Authentication, Authentication> step) implements AuthenticationProvider {

		@Override
		public Authentication authenticate(Authentication authentication) {
			return this.step.apply(authentication);
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return this.delegate.supports(authentication);
		}

	}

}
