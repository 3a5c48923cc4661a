package dev.stepup.demo.stepup;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

import dev.stepup.demo.payment.InvalidAuthorizationDetails;
import dev.stepup.demo.payment.PaymentApprovals;
import dev.stepup.demo.payment.PaymentInitiation;
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
 * only the password factor, so the next such request asks again. A request that asks
 * to approve payments shows them on the code page, so the code approves exactly
 * those; one whose payments this customer may not approve is not asked for a code
 * at all, and the endpoint behind refuses it ({@code invalid_authorization_details}).
 */
public final class StepUpFilter extends OncePerRequestFilter {

	private static final Log logger = LogFactory.getLog(StepUpFilter.class);

	private static final OAuth2TokenType USER_CODE = new OAuth2TokenType(OAuth2ParameterNames.USER_CODE);

	private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	// Spring Authorization Server's request_uri is this prefix and the state its pushed request is stored under.
	private static final String PUSHED_REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";

	private static final UrlPathHelper PATHS = new UrlPathHelper();

	private final SecurityContextHolderStrategy securityContexts = SecurityContextHolder.getContextHolderStrategy();

	private final RequestMatcher authorizationEndpoint;

	private final RequestMatcher deviceVerificationEndpoint;

	private final StepUpPolicy policy;

	private final StepUpSessions sessions;

	private final OAuth2AuthorizationService authorizations;

	private final PaymentApprovals payments;

	StepUpFilter(StepUpPolicy policy, StepUpSessions sessions, OAuth2AuthorizationService authorizations,
			PaymentApprovals payments, AuthorizationServerSettings settings) {
		this.policy = policy;
		this.sessions = sessions;
		this.authorizations = authorizations;
		this.payments = payments;
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
		Optional<List<PaymentInitiation>> approvable = approvable(user, facts.get());
		if (approvable.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		String requestUrl = requestUrlOf(request);
		Optional<Instant> verifiedAt = this.sessions.takeProof(request, requestUrl);
		if (verifiedAt.isEmpty()) {
			logger.info("Authorization request by '" + user.getName() + "' needs the second factor"
					+ (approvable.get().isEmpty() ? "" : " to approve " + approvable.get().size() + " payment(s)"));
			this.sessions.begin(request, requestUrl,
					approvable.get().stream().map(PaymentInitiation::inCustomerWords).toList());
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

	/**
	 * The payments {@code user} is asked to approve (none for a request without
	 * details), or empty when the request asks for payments they may not approve.
	 */
	private Optional<List<PaymentInitiation>> approvable(Authentication user, AuthorizationRequestFacts facts) {
		try {
			List<PaymentInitiation> requested = this.payments.read(facts.authorizationDetails());
			this.payments.requireOwnedBy(user.getName(), requested);
			return Optional.of(requested);
		}
		catch (InvalidAuthorizationDetails ex) {
			logger.info("Authorization request by '" + user.getName() + "' refused without a code: " + ex.getMessage());
			return Optional.empty();
		}
	}

	private Optional<AuthorizationRequestFacts> factsOf(HttpServletRequest request) {
		if (this.authorizationEndpoint.matches(request) && (HttpMethod.GET.matches(request.getMethod())
				|| request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) != null)) {
			AuthorizationRequestFacts facts = AuthorizationRequestFacts.ofParameters(request);
			String requestUri = request.getParameter(OAuth2ParameterNames.REQUEST_URI);
			if (requestUri != null && requestUri.startsWith(PUSHED_REQUEST_URI_PREFIX)) {
				OAuth2Authorization pushed = this.authorizations
					.findByToken(requestUri.substring(PUSHED_REQUEST_URI_PREFIX.length()), STATE);
				if (pushed != null) {
					facts = facts.withPushedDetails(PaymentApprovals.requestedIn(pushed).orElse(null));
				}
			}
			return Optional.of(facts);
		}
		String userCode = request.getParameter(OAuth2ParameterNames.USER_CODE);
		if (this.deviceVerificationEndpoint.matches(request) && userCode != null && !isConsent(request)) {
			OAuth2Authorization authorization = this.authorizations.findByToken(userCode, USER_CODE);
			if (authorization == null) {
				return Optional.empty();
			}
			Set<String> requested = authorization.getAttribute(OAuth2ParameterNames.SCOPE);
			return Optional.of(AuthorizationRequestFacts.ofScopes((requested != null) ? requested : Set.of(),
					PaymentApprovals.requestedIn(authorization).orElse(null)));
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
