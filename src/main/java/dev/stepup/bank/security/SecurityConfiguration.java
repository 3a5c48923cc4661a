package dev.stepup.bank.security;

import dev.stepup.bank.security.dpop.DPoPSupport;
import dev.stepup.bank.security.stepup.StepUpAuthorizationManager;
import jakarta.servlet.DispatcherType;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.authorization.method.AuthorizationInterceptorsOrder;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * The whole access policy of the API. URL rules decide before any body is
 * read, so refusals come in the order of DESIGN.md (token, scope, MFA, then
 * the body); the controllers' {@link RequiresScope} repeat the scope rules as
 * a second line of defence, through method security.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity(prePostEnabled = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, BearerTokenEntryPoint entryPoint,
			BearerTokenAccessDeniedHandler accessDenied,
			StepUpAuthorizationManager stepUp, Converter<Jwt, AbstractAuthenticationToken> jwtAuthenticationConverter,
			ResourceMetadata resourceMetadata, DPoPSupport dpop) throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize
				// the container's error dispatch renders a problem for a failure already decided
				.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
				.requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
				.requestMatchers(HttpMethod.GET, "/actuator/info", "/actuator/prometheus")
					.hasAuthority(Scopes.OPERATIONS_AUTHORITY)
				// the API's description is public, like the API's existence; Swagger UI is off outside the embedded default
				.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
					.permitAll()
				.requestMatchers(HttpMethod.GET, "/balance").hasAuthority(Scopes.VIEW_BALANCE_AUTHORITY)
				.requestMatchers(HttpMethod.GET, "/transfers/*").hasAuthority(Scopes.VIEW_BALANCE_AUTHORITY)
				.requestMatchers(HttpMethod.POST, "/accounts").hasAuthority(Scopes.OPERATIONS_AUTHORITY)
				.requestMatchers(HttpMethod.GET, "/accounts/*").hasAuthority(Scopes.OPERATIONS_AUTHORITY)
				.requestMatchers(HttpMethod.POST, "/transfer").access(stepUp)
				// the API's own paths with a method they do not have (PUT /transfer, POST /balance,
				// HEAD): past a valid token, Spring MVC answers 405 with Allow, or runs HEAD as the
				// GET it stands for, where the controllers' @RequiresScope asks for the same scope
				// as the rules above; a 403 here would read as a missing permission
				.requestMatchers("/balance", "/transfer", "/transfers/*", "/accounts", "/accounts/*").authenticated()
				.anyRequest().denyAll())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				// named here: the DSL only finds a converter bean of the concrete
				// JwtAuthenticationConverter type, and would read scope and scp only
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(dpop.refusingBoundBearerTokens(jwtAuthenticationConverter)))
				// RFC 9728, public: Spring Security's filter answers before any rule below
				.protectedResourceMetadata((metadata) -> metadata
					.protectedResourceMetadataCustomizer(resourceMetadata::describe))
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied)
				.withObjectPostProcessor(answerKeyOutagesThroughTheEntryPoint(entryPoint)))
			.addFilterBefore(dpop.authenticationFilter(entryPoint), BearerTokenAuthenticationFilter.class)
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(entryPoint)
				.accessDeniedHandler(accessDenied))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.cors(Customizer.withDefaults())
			.requestCache((cache) -> cache.disable())
			.securityContext((context) -> context.requireExplicitSave(true))
			.addFilterBefore(resourceMetadata.caching(), HeaderWriterFilter.class)
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable());
		return dpop.withoutSpringDPoPFilter(http.build());
	}

	/**
	 * Enforces {@link RequiresScope} on the methods that declare it, in the
	 * place {@code @PreAuthorize} would take, without an expression to
	 * evaluate on every call.
	 */
	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor requiresScope() {
		AuthorizationManagerBeforeMethodInterceptor interceptor = new AuthorizationManagerBeforeMethodInterceptor(
				new AnnotationMatchingPointcut(null, RequiresScope.class, true), new RequiresScopeAuthorization());
		interceptor.setOrder(AuthorizationInterceptorsOrder.PRE_AUTHORIZE.getOrder());
		return interceptor;
	}

	/**
	 * By default the bearer filter rethrows an AuthenticationServiceException,
	 * which the container turns into a 500. A JWKS outage is one of those; the
	 * entry point answers it as 503 with Retry-After instead.
	 */
	private static ObjectPostProcessor<BearerTokenAuthenticationFilter> answerKeyOutagesThroughTheEntryPoint(
			BearerTokenEntryPoint entryPoint) {
		return new ObjectPostProcessor<>() {
			@Override
			public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
				AuthenticationEntryPointFailureHandler failures = new AuthenticationEntryPointFailureHandler(entryPoint);
				failures.setRethrowAuthenticationServiceException(false);
				filter.setAuthenticationFailureHandler(failures);
				return filter;
			}
		};
	}

}
