package dev.stepup.demo.testsupport;

import java.time.Duration;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo authorization server, running on a real port so that a browser and the
 * API can reach it. Every test class extending this one shares the one server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.DEFINED_PORT)
public abstract class RunningDemo {

	public static final String ALICE_PASSWORD = "alice-demo-password";

	public static final String BOB_PASSWORD = "bob-demo-password";

	public static final Duration ID_TOKEN_TIME_TO_LIVE = Duration.ofSeconds(15);

	@DynamicPropertySource
	static void ports(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> DemoPorts.DEMO);
		registry.add("demo.bank-web.api-url", DemoPorts::apiUrl);
		// Short enough that a browser test can sign out with an ID token that has expired.
		registry.add("demo.tokens.id-token-time-to-live", () -> ID_TOKEN_TIME_TO_LIVE.toString());
	}

	protected static String issuer() {
		return DemoPorts.issuer();
	}

	/** Decodes access token {@code token} after checking its signature against the published JWKS, issuer and type. */
	protected static Jwt verified(String token) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer() + "/oauth2/jwks").build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtIssuerValidator(issuer()), new JwtTypeValidator("at+jwt")));
		return decoder.decode(token);
	}

}
