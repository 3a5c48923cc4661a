package dev.stepup.demo.authserver;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Lets a public client (one that holds no secret) use the endpoints Spring
 * Authorization Server otherwise opens to confidential clients only: a command line
 * the device grant and refreshing its tokens, and the banking page pushed
 * authorization requests (RFC 9126, which carry its payments; allowed only with a
 * PKCE {@code code_challenge}, as the page's authorization requests are). The client
 * must be registered with authentication method {@code none} and the grant type.
 */
final class PublicClients {

	private PublicClients() {
	}

	static AuthenticationConverter converter(AuthorizationServerSettings settings) {
		return (request) -> {
			if (!HttpMethod.POST.matches(request.getMethod()) || presentsCredentials(request)) {
				return null;
			}
			AuthorizationGrantType grant;
			if (isDeviceAuthorization(request, settings) || isDeviceTokenRequest(request, settings)) {
				grant = AuthorizationGrantType.DEVICE_CODE;
			}
			else if (isPushedAuthorizationRequest(request, settings)) {
				grant = AuthorizationGrantType.AUTHORIZATION_CODE;
			}
			else {
				return null;
			}
			String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
			if (clientIds == null || clientIds.length != 1 || clientIds[0].isBlank()) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
			}
			return new Unverified(clientIds[0], grant);
		};
	}

	static AuthenticationProvider provider(RegisteredClientRepository clients) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				RegisteredClient client = clients.findByClientId((String) authentication.getPrincipal());
				AuthorizationGrantType grant = ((Unverified) authentication).grant;
				if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
						|| !client.getAuthorizationGrantTypes().contains(grant)
						|| (AuthorizationGrantType.AUTHORIZATION_CODE.equals(grant)
								&& !client.getClientSettings().isRequireProofKey())) {
					throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
				}
				return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return Unverified.class.isAssignableFrom(authentication);
			}

		};
	}

	// A secret or assertion means a confidential client: never downgrade it to a public one.
	private static boolean presentsCredentials(HttpServletRequest request) {
		return request.getHeader(HttpHeaders.AUTHORIZATION) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
				|| request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null;
	}

	private static boolean isDeviceAuthorization(HttpServletRequest request, AuthorizationServerSettings settings) {
		return request.getRequestURI().equals(request.getContextPath() + settings.getDeviceAuthorizationEndpoint());
	}

	private static boolean isDeviceTokenRequest(HttpServletRequest request, AuthorizationServerSettings settings) {
		String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
		return request.getRequestURI().equals(request.getContextPath() + settings.getTokenEndpoint())
				&& (AuthorizationGrantType.DEVICE_CODE.getValue().equals(grantType)
						|| AuthorizationGrantType.REFRESH_TOKEN.getValue().equals(grantType));
	}

	// Only with PKCE: the code the pushed request leads to is then redeemable by the pusher alone.
	private static boolean isPushedAuthorizationRequest(HttpServletRequest request,
			AuthorizationServerSettings settings) {
		return request.getRequestURI().equals(request.getContextPath() + settings.getPushedAuthorizationRequestEndpoint())
				&& request.getParameter(PkceParameterNames.CODE_CHALLENGE) != null;
	}

	/** A public client's claim to be {@code clientId}, for {@code grant}, before the registration is checked. */
	private static final class Unverified extends OAuth2ClientAuthenticationToken {

		private final AuthorizationGrantType grant;

		Unverified(String clientId, AuthorizationGrantType grant) {
			super(clientId, ClientAuthenticationMethod.NONE, null, Map.of());
			this.grant = grant;
		}

	}

}
