package dev.stepup.demo.authserver;

import dev.stepup.demo.bankweb.BankWebProperties;
import dev.stepup.demo.stepup.StepUpFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
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

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, StepUpFilter stepUpFilter,
			RegisteredClientRepository clients, AuthorizationServerSettings settings) throws Exception {
		OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
		http.securityMatcher(authorizationServer.getEndpointsMatcher())
			.with(authorizationServer, (server) -> server.clientAuthentication((clientAuthentication) -> clientAuthentication
					.authenticationConverter(PublicDeviceClients.converter(settings))
					.authenticationProvider(PublicDeviceClients.provider(clients)))
				.oidc((oidc) -> oidc.logoutEndpoint(
						(logout) -> logout.errorResponseHandler(SignOutController.unverifiedRequests())))
				.deviceAuthorizationEndpoint(
						(device) -> device.verificationUri(DeviceActivationController.ACTIVATE))
				.deviceVerificationEndpoint((verification) -> verification.consentPage(DeviceActivationController.CONSENT)
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
