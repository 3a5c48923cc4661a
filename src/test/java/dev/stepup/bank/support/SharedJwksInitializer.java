package dev.stepup.bank.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the application at the shared WireMock JWKS. */
public class SharedJwksInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestPropertyValues.of("spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + JwksServer.SHARED.jwksUri())
			.applyTo(context.getEnvironment());
	}

}
