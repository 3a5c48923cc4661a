package dev.stepup.bank.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port, with an in-memory H2 database and
 * the shared WireMock JWKS as its key source. Test classes share one context;
 * each test opens accounts for its own fresh customers.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:api-it;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
				"bank.demo-data.enabled=false",
				"spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TokenMint.ISSUER })
@ContextConfiguration(initializers = SharedJwksInitializer.class)
public @interface ApiIntegrationTest {
}
