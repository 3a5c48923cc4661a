package dev.stepup.bank.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Points the application at the shared WireMock JWKS, unless the test class
 * names a key set of its own (a {@code @DynamicPropertySource} for
 * {@code jwk-set-uri}, for the tests that break or rotate their JWKS).
 */
public class SharedJwksInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (!context.getEnvironment().containsProperty(JWK_SET_URI)) {
			TestPropertyValues.of(JWK_SET_URI + "=" + JwksServer.SHARED.jwksUri()).applyTo(context.getEnvironment());
		}
	}

}
