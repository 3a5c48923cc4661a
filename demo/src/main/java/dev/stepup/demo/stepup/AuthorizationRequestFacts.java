package dev.stepup.demo.stepup;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

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
 */
record AuthorizationRequestFacts(Set<String> scopes, Set<String> acrValues, boolean maxAgeRequested,
		boolean contentHidden) {

	AuthorizationRequestFacts {
		scopes = Set.copyOf(scopes);
		acrValues = Set.copyOf(acrValues);
	}

	static AuthorizationRequestFacts ofParameters(HttpServletRequest request) {
		return new AuthorizationRequestFacts(spaceSeparated(request.getParameter("scope")),
				spaceSeparated(request.getParameter("acr_values")), request.getParameter("max_age") != null,
				request.getParameter("request_uri") != null || request.getParameter("request") != null);
	}

	static AuthorizationRequestFacts ofScopes(Set<String> scopes) {
		return new AuthorizationRequestFacts(scopes, Set.of(), false, false);
	}

	private static Set<String> spaceSeparated(String value) {
		if (!StringUtils.hasText(value)) {
			return Set.of();
		}
		return Arrays.stream(value.trim().split(" +")).collect(Collectors.toUnmodifiableSet());
	}

}
