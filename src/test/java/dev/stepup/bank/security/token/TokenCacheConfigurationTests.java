package dev.stepup.bank.security.token;

import java.time.Clock;

import dev.stepup.bank.security.SecurityProperties;
import dev.stepup.bank.support.TokenMint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bank.security.token-cache.enabled} switches the verified-token cache on and off. */
class TokenCacheConfigurationTests {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withUserConfiguration(TokenPipeline.class)
		.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TokenMint.ISSUER,
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:9/jwks",
				"spring.security.oauth2.resourceserver.jwt.audiences=" + TokenMint.AUDIENCE);

	@Test
	void decoderWhenCacheOnByDefaultThenAnswersFromVerifiedTokens() {
		this.contexts.run((context) -> assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(CachingTokenDecoder.class));
	}

	@Test
	void decoderWhenCacheSwitchedOffThenVerifiesEveryToken() {
		this.contexts.withPropertyValues("bank.security.token-cache.enabled=false")
			.run((context) -> assertThat(context.getBean(JwtDecoder.class)).isInstanceOf(TokenDecoder.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties({ SecurityProperties.class, OAuth2ResourceServerProperties.class })
	@Import(JwtDecoderConfiguration.class)
	static class TokenPipeline {

		@Bean
		Clock clock() {
			return Clock.systemUTC();
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
