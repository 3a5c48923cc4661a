package dev.stepup.demo.authserver;

import java.util.List;

import dev.stepup.demo.bankweb.BankWebProperties;
import dev.stepup.demo.payment.PaymentApprovals;
import dev.stepup.demo.payment.PaymentInitiation;
import dev.stepup.demo.stepup.StepUpFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2PushedAuthorizationRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutFilter;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static final String LOGIN_PAGE = "/login";

	// RFC 9396 §10: the authorization details types this server accepts, in both metadata documents.
	private static final String DETAILS_TYPES_SUPPORTED = "authorization_details_types_supported";

	private static final List<String> DETAILS_TYPES = List.of(PaymentInitiation.TYPE);

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, StepUpFilter stepUpFilter,
			RegisteredClientRepository clients, AuthorizationServerSettings settings, PaymentApprovals payments,
			OAuth2AuthorizationService authorizations) throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		http.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer, (server) -> server.clientAuthentication((clientAuthentication) -> clientAuthentication
					.authenticationConverter(PublicClients.converter(settings))
					.authenticationProvider(PublicClients.provider(clients)))
				.authorizationServerMetadataEndpoint((metadata) -> metadata.authorizationServerMetadataCustomizer(
						(claims) -> claims.claim(DETAILS_TYPES_SUPPORTED, DETAILS_TYPES)))
				.oidc((oidc) -> oidc
					.providerConfigurationEndpoint((configuration) -> configuration.providerConfigurationCustomizer(
							(claims) -> claims.claim(DETAILS_TYPES_SUPPORTED, DETAILS_TYPES)))
					.logoutEndpoint((logout) -> logout.errorResponseHandler(SignOutController.unverifiedRequests())))
				.authorizationEndpoint((authorization) -> authorization.authenticationProviders((providers) -> providers
					.forEach((provider) -> {
						if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider requests) {
							requests.setAuthenticationValidator(PaymentRequests.authorizationRequests(payments));
						}
					})))
				.pushedAuthorizationRequestEndpoint((pushed) -> pushed.authenticationProviders((providers) -> providers
					.forEach((provider) -> {
						if (provider instanceof OAuth2PushedAuthorizationRequestAuthenticationProvider requests) {
							requests.setAuthenticationValidator(PaymentRequests.pushedRequests(payments));
						}
					})))
				.deviceAuthorizationEndpoint((device) -> device.verificationUri(DeviceActivationController.ACTIVATE)
					.authenticationProviders((providers) -> providers.replaceAll(
							(provider) -> (provider instanceof OAuth2DeviceAuthorizationRequestAuthenticationProvider)
									? PaymentRequests.deviceAuthorizationRequests(provider, payments, authorizations)
									: provider)))
				.deviceVerificationEndpoint((verification) -> verification.consentPage(DeviceActivationController.CONSENT)
					.authenticationProviders((providers) -> providers.replaceAll(
							(provider) -> (provider instanceof OAuth2DeviceVerificationAuthenticationProvider)
									? PaymentRequests.deviceVerifications(provider, payments, authorizations)
									: provider))
					.deviceVerificationResponseHandler(
							new SimpleUrlAuthenticationSuccessHandler(DeviceActivationController.ACTIVATED))
					.errorResponseHandler(DeviceActivationController.refusedVerifications())))
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
			// After the session is restored and before any endpoint reads the signed-in user.
			.addFilterAfter(stepUpFilter, LogoutFilter.class);
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain pagesFilterChain(HttpSecurity http, BankWebProperties bankWeb) throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers("/", "/app/**", "/css/**", LOGIN_PAGE, SignOutController.CONFIRM, "/error",
					"/favicon.ico")
			.permitAll()
			.requestMatchers("/login/otp", DeviceActivationController.ACTIVATE, DeviceActivationController.CONSENT,
					DeviceActivationController.ACTIVATED)
			.authenticated()
			.anyRequest()
			.denyAll())
			.formLogin((login) -> login.loginPage(LOGIN_PAGE))
			.logout((logout) -> logout.logoutSuccessUrl(SignOutController.SIGNED_OUT))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(contentSecurityPolicy(bankWeb))));
		return http.build();
	}

	// The page may talk to this server and to the API, and to nothing else.
	private static String contentSecurityPolicy(BankWebProperties bankWeb) {
		return "default-src 'self'; connect-src 'self' " + bankWeb.apiOrigin()
				+ "; img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
	}

	@Bean
	OAuth2AuthorizationService authorizationService() {
		return new InMemoryOAuth2AuthorizationService();
	}

}
