package dev.stepup.bank.security.token;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.sun.net.httpserver.HttpServer;
import dev.stepup.bank.support.TokenMint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;

/**
 * What authentication costs per request, against its floor.
 * <ul>
 * <li>{@code a_signatureFloor}: Nimbus parses the compact JWS and checks its
 * RS256 signature with a verifier built once: the work no validating server can
 * skip.</li>
 * <li>{@code b_unseenToken}: the API's whole pipeline as the filter chain runs
 * it ({@link JwtAuthenticationProvider} over the application's own
 * {@link JwtDecoder} and authorities converter, JWKS through the production
 * Nimbus source with its caches), on tokens it has not seen: every call
 * verifies a signature.</li>
 * <li>{@code c_seenToken}: the same pipeline on a token it has verified before
 * (what a front-end sends on every call until the token expires).</li>
 * </ul>
 * Tokens are realistic: RSA-2048, the demo authorization server's header and
 * claims (~0.8 KB).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class TokenValidationBenchmark {

	/** Distinct tokens cycled through by the unseen-token benchmark; more than the cache holds. */
	private static final int UNSEEN_TOKENS = 4096;

	@Param({ "true", "false" })
	public boolean tokenCache;

	private HttpServer jwks;

	private ConfigurableApplicationContext context;

	private JwtAuthenticationProvider pipeline;

	private RSASSAVerifier floorVerifier;

	private String seen;

	private String[] unseen;

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws IOException, JOSEException {
		this.jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		byte[] keys = TokenMint.jwks(TokenMint.KEY).getBytes(StandardCharsets.UTF_8);
		this.jwks.createContext("/jwks", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, keys.length);
			exchange.getResponseBody().write(keys);
			exchange.close();
		});
		this.jwks.start();
		// arguments, not default properties: those rank below application.yml
		this.context = new SpringApplicationBuilder(TokenCacheConfigurationTests.TokenPipeline.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run("--spring.main.banner-mode=off", "--logging.level.root=warn",
					"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TokenMint.ISSUER,
					"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:"
							+ this.jwks.getAddress().getPort() + "/jwks",
					"--spring.security.oauth2.resourceserver.jwt.audiences=" + TokenMint.AUDIENCE,
					"--bank.security.token-cache.enabled=" + this.tokenCache,
					// far fewer than the unseen tokens, so that those really are unseen
					"--bank.security.token-cache.max-size=16");
		this.pipeline = new JwtAuthenticationProvider(this.context.getBean(JwtDecoder.class));
		@SuppressWarnings("unchecked")
		Converter<Jwt, AbstractAuthenticationToken> authorities = this.context.getBean(Converter.class);
		this.pipeline.setJwtAuthenticationConverter(authorities);
		this.floorVerifier = new RSASSAVerifier((RSAPublicKey) TokenMint.KEY.toPublicKey());
		this.seen = realistic();
		this.unseen = new String[UNSEEN_TOKENS];
		for (int i = 0; i < UNSEEN_TOKENS; i++) {
			this.unseen[i] = realistic();
		}
		// the pipeline must accept what it is measured on
		for (String token : this.unseen) {
			authenticate(token);
		}
		authenticate(this.seen);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
		this.jwks.stop(0);
	}

	@Benchmark
	public boolean a_signatureFloor() throws Exception {
		return JWSObject.parse(this.seen).verify(this.floorVerifier);
	}

	@Benchmark
	public Authentication b_unseenToken() {
		String token = this.unseen[this.next];
		this.next = (this.next + 1) % UNSEEN_TOKENS;
		return authenticate(token);
	}

	@Benchmark
	public Authentication c_seenToken() {
		return authenticate(this.seen);
	}

	private Authentication authenticate(String token) {
		Authentication result = this.pipeline.authenticate(new BearerTokenAuthenticationToken(token));
		if (result == null || !result.isAuthenticated()) {
			throw new IllegalStateException("the pipeline refused a valid token");
		}
		return result;
	}

	/** Like the demo server's transfer token; expires long after the benchmark ends. */
	private static String realistic() {
		return TokenMint.transfer("alice")
			.claim("exp", java.util.Date.from(java.time.Instant.now().plusSeconds(3600)))
			.sign();
	}

}
