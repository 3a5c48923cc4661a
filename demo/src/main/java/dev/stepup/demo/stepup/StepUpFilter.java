package dev.stepup.demo.stepup;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UrlPathHelper;

/**
 * Enforces the {@link StepUpPolicy} in front of the authorization and device
 * verification endpoints. A signed-in user whose request needs the second factor is
 * sent to the code page; when they come back with the same request, that request
 * alone runs with the TOTP factor added to their authentication. The session keeps
 * only the password factor, so the next such request asks again.
 */
public final class StepUpFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(StepUpFilter.class);

	private static final OAuth2TokenType USER_CODE = new OAuth2TokenType(OAuth2ParameterNames.USER_CODE);

	private static final UrlPathHelper PATHS = new UrlPathHelper();

	private final SecurityContextHolderStrategy securityContexts = SecurityContextHolder.getContextHolderStrategy();

	private final RequestMatcher authorizationEndpoint;

	private final RequestMatcher deviceVerificationEndpoint;

	private final StepUpPolicy policy;

	private final StepUpSessions sessions;

	private final OAuth2AuthorizationService authorizations;

	StepUpFilter(StepUpPolicy policy, StepUpSessions sessions, OAuth2AuthorizationService authorizations,
			AuthorizationServerSettings settings) {
		this.policy = policy;
		this.sessions = sessions;
		this.authorizations = authorizations;
		this.authorizationEndpoint = PathPatternRequestMatcher.withDefaults()
			.matcher(settings.getAuthorizationEndpoint());
		this.deviceVerificationEndpoint = PathPatternRequestMatcher.withDefaults()
			.matcher(settings.getDeviceVerificationEndpoint());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication user = this.securityContexts.getContext().getAuthentication();
		Optional<AuthorizationRequestFacts> facts = factsOf(request);
		if (!isSignedIn(user) || facts.isEmpty() || !this.policy.requiresSecondFactor(facts.get())) {
			chain.doFilter(request, response);
			return;
		}
		String requestUrl = requestUrlOf(request);
		Optional<Instant> verifiedAt = this.sessions.takeProof(request, requestUrl);
		if (verifiedAt.isEmpty()) {
			logger.info("Authorization request by '" + user.getName() + "' needs the second factor");
			this.sessions.begin(request, requestUrl);
			response.sendRedirect(request.getContextPath() + SecondFactorController.PATH);
			return;
		}
		SecurityContext signedIn = this.securityContexts.getContext();
		SecurityContext stepped = this.securityContexts.createEmptyContext();
		stepped.setAuthentication(SecondFactor.addedTo(user, verifiedAt.get()));
		this.securityContexts.setContext(stepped);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.securityContexts.setContext(signedIn);
		}
	}

	private Optional<AuthorizationRequestFacts> factsOf(HttpServletRequest request) {
		if (this.authorizationEndpoint.matches(request) && (HttpMethod.GET.matches(request.getMethod())
				|| request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) != null)) {
			return Optional.of(AuthorizationRequestFacts.ofParameters(request));
		}
		String userCode = request.getParameter(OAuth2ParameterNames.USER_CODE);
		if (this.deviceVerificationEndpoint.matches(request) && userCode != null && !isConsent(request)) {
			OAuth2Authorization authorization = this.authorizations.findByToken(userCode, USER_CODE);
			if (authorization == null) {
				return Optional.empty();
			}
			Set<String> requested = authorization.getAttribute(OAuth2ParameterNames.SCOPE);
			return Optional.of(AuthorizationRequestFacts.ofScopes((requested != null) ? requested : Set.of()));
		}
		return Optional.empty();
	}

	// The consent that follows a verification needs no second check: its state exists only after a verification
	// that passed this filter, and the user stored with it then already carries the second factor.
	private static boolean isConsent(HttpServletRequest request) {
		return HttpMethod.POST.matches(request.getMethod()) && request.getParameter(OAuth2ParameterNames.STATE) != null;
	}

	private static boolean isSignedIn(Authentication user) {
		return user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken);
	}

	// Rebuilt from the decoded parameters, so a GET resuming a POSTed request is recognised as the same.
	private static String requestUrlOf(HttpServletRequest request) {
		StringJoiner query = new StringJoiner("&");
		request.getParameterMap().forEach((name, values) -> {
			for (String value : values) {
				query.add(encode(name) + "=" + encode(value));
			}
		});
		return PATHS.getPathWithinApplication(request) + "?" + query;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
