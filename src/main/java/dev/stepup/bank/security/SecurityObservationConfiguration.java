package dev.stepup.bank.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No Micrometer observation of Spring Security's filters, authentications and
 * authorizations. Without a tracer they only fed {@code spring.security.*}
 * timers, two per filter and request, which cost about a tenth of a balance
 * read's CPU (BENCHMARKS.md) and said nothing the API's own meters do not:
 * {@code http.server.requests} times every request by URI and status, and
 * {@code bank.tokens.refused} counts every refusal by reason and cause.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservationConfiguration {

	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
