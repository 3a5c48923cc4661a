package dev.stepup.bank.security;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * What Spring Security reports of every request, kept to what says something.
 * <p>
 * No Micrometer observation of its filters, authentications and
 * authorizations. Without a tracer they only fed {@code spring.security.*}
 * timers, two per filter and request, which cost about a tenth of a balance
 * read's CPU (BENCHMARKS.md) and said nothing the API's own meters do not:
 * {@code http.server.requests} times every request by URI and status, and
 * {@code bank.tokens.refused} counts every refusal by reason and cause.
 * <p>
 * No application event for a successful authentication. With a bearer token
 * every request authenticates, nothing listens to the event (the audit log
 * says who moved money), and finding its listeners cost about 4% of a balance
 * read's CPU. A failed authentication is still published, as Spring's
 * {@link DefaultAuthenticationEventPublisher} publishes it, for a listener an
 * operator adds.
 */
@Configuration(proxyBeanMethods = false)
class SecurityObservationConfiguration {

	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
		return new FailuresOnly(new DefaultAuthenticationEventPublisher(events));
	}

	/** Publishes the failures the delegate publishes, and no success. */
	record FailuresOnly(AuthenticationEventPublisher delegate) implements AuthenticationEventPublisher {

		@Override
		public void publishAuthenticationSuccess(Authentication authentication) {
			// every request: see the class comment
		}

		@Override
		public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
			this.delegate.publishAuthenticationFailure(exception, authentication);
		}

	}

}
