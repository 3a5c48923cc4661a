package dev.stepup.bank.security;

import dev.stepup.bank.audit.AuditLog;
import dev.stepup.bank.database.DatabaseProperties;
import dev.stepup.bank.security.dpop.DPoPChallenges;
import dev.stepup.bank.security.dpop.DPoPProperties;
import dev.stepup.bank.security.dpop.DPoPSupport;
import dev.stepup.bank.security.dpop.UsedProofs;
import dev.stepup.bank.security.stepup.PaymentBinding;
import dev.stepup.bank.security.stepup.StepUpAuthorizationManager;
import dev.stepup.bank.security.stepup.StepUpPolicy;
import dev.stepup.bank.web.ProblemWriter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.mockito.Mockito;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/**
 * The production filter chain, challenges and step-up rule for
 * {@code @WebMvcTest} slices, which scan controllers only.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SecurityProperties.class, OAuth2ResourceServerProperties.class, DatabaseProperties.class,
		DPoPProperties.class })
@Import({ SecurityConfiguration.class, BearerTokenEntryPoint.class, BearerTokenAccessDeniedHandler.class,
		KeysUnavailableResponse.class, StepUpAuthorizationManager.class,
		StepUpPolicy.class, PaymentBinding.class, ProblemWriter.class, TokenRefusals.class, AuditLog.class,
		ResourceMetadata.class, DPoPSupport.class, DPoPChallenges.class })
public class SecuritySlice {

	/**
	 * Only satisfies the filter chain's dependency: slices authenticate with
	 * Spring Security's {@code jwt()} post-processor, which builds the
	 * authentication itself. ScopeAuthorities has its own tests.
	 */
	@Bean
	JwtAuthenticationConverter jwtAuthenticationConverter() {
		return new JwtAuthenticationConverter();
	}

	/** Slices have no database; their requests carry no DPoP proof (DPoPAttackIntegrationTests covers those). */
	@Bean
	UsedProofs usedProofs() {
		return Mockito.mock(UsedProofs.class);
	}

	/** Refusals are counted; slices have no metrics auto-configuration. */
	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

}
