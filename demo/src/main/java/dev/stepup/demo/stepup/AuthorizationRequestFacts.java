package dev.stepup.demo.stepup;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import dev.stepup.demo.payment.PaymentApprovals;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.StringUtils;

/**
 * What an authorization request asks for, as far as the step-up rule cares.
 *
 * @param scopes the requested scopes
 * @param acrValues the requested authentication context classes
 * @param maxAgeRequested whether the client sent {@code max_age}
 * @param contentHidden whether the request's content is elsewhere (a pushed
 * authorization request or a request object), so scopes cannot be read here
 * @param authorizationDetails the RFC 9396 {@code authorization_details} as sent
 * (a string, or several when sent more than once), {@code null} when there are none
 */
record AuthorizationRequestFacts(Set<String> scopes, Set<String> acrValues, boolean maxAgeRequested,
		boolean contentHidden, Object authorizationDetails) {

	AuthorizationRequestFacts {
		scopes = Set.copyOf(scopes);
		acrValues = Set.copyOf(acrValues);
	}

	static AuthorizationRequestFacts ofParameters(HttpServletRequest request) {
		String[] details = request.getParameterValues(PaymentApprovals.PARAMETER);
		return new AuthorizationRequestFacts(spaceSeparated(request.getParameter("scope")),
				spaceSeparated(request.getParameter("acr_values")), request.getParameter("max_age") != null,
				request.getParameter("request_uri") != null || request.getParameter("request") != null,
				(details == null) ? null : (details.length == 1) ? details[0] : details);
	}

	static AuthorizationRequestFacts ofScopes(Set<String> scopes, Object authorizationDetails) {
		return new AuthorizationRequestFacts(scopes, Set.of(), false, false, authorizationDetails);
	}

	/** These facts, with the details of the request that the client pushed before (RFC 9126). */
	AuthorizationRequestFacts withPushedDetails(Object pushedDetails) {
		return new AuthorizationRequestFacts(this.scopes, this.acrValues, this.maxAgeRequested, this.contentHidden,
				pushedDetails);
	}

	private static Set<String> spaceSeparated(String value) {
		if (!StringUtils.hasText(value)) {
			return Set.of();
		}
		return Arrays.stream(value.trim().split(" +")).collect(Collectors.toUnmodifiableSet());
	}

}
