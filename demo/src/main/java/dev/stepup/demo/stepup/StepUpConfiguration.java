package dev.stepup.demo.stepup;

import java.time.Clock;

import dev.stepup.demo.payment.PaymentApprovals;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

@Configuration(proxyBeanMethods = false)
class StepUpConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	StepUpFilter stepUpFilter(StepUpPolicy policy, StepUpSessions sessions,
			OAuth2AuthorizationService authorizations, PaymentApprovals payments, AuthorizationServerSettings settings) {
		return new StepUpFilter(policy, sessions, authorizations, payments, settings);
	}

	// The filter belongs in the authorization server's security filter chain only, not in the servlet container's.
	@Bean
	FilterRegistrationBean<StepUpFilter> stepUpFilterRegistration(StepUpFilter filter) {
		FilterRegistrationBean<StepUpFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setEnabled(false);
		return registration;
	}

}
