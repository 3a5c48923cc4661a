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
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Lets a public client (one that holds no secret, like a command line) use the
 * device grant and refresh its tokens, which Spring Authorization Server allows
 * public clients only with PKCE otherwise. The client must be registered with
 * authentication method {@code none}.
 */
final class PublicDeviceClients {

	private PublicDeviceClients() {
	}

	static AuthenticationConverter converter(AuthorizationServerSettings settings) {
		return (request) -> {
			if (!HttpMethod.POST.matches(request.getMethod()) || presentsCredentials(request)
					|| !(isDeviceAuthorization(request, settings) || isDeviceTokenRequest(request, settings))) {
				return null;
			}
			String[] clientIds = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
			if (clientIds == null || clientIds.length != 1 || clientIds[0].isBlank()) {
				throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
			}
			return new Unverified(clientIds[0]);
		};
	}

	static AuthenticationProvider provider(RegisteredClientRepository clients) {
		return new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				RegisteredClient client = clients.findByClientId((String) authentication.getPrincipal());
				if (client == null || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
						|| !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.DEVICE_CODE)) {
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

	/** A public client's claim to be {@code clientId}, before the registration is checked. */
	private static final class Unverified extends OAuth2ClientAuthenticationToken {

		Unverified(String clientId) {
			super(clientId, ClientAuthenticationMethod.NONE, null, Map.of());
		}

	}

}
