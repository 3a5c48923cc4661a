package dev.stepup.bank.support;

import java.util.ArrayList;
import java.util.List;

import dev.stepup.bank.BankApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One running instance of the whole application on a random port, started and
 * stopped by the test itself: for restarts, and for several instances on one
 * database. It trusts the shared WireMock JWKS, like {@link ApiIntegrationTest}.
 */
public final class BankInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private BankInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts on the given database. Settings go in as command-line arguments so
	 * that they win over application.yml; {@code extraSettings} are
	 * {@code name=value} pairs.
	 */
	public static BankInstance start(String datasourceUrl, String... extraSettings) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--spring.datasource.url=" + datasourceUrl,
				"--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TokenMint.ISSUER,
				"--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=" + JwksServer.SHARED.jwksUri()));
		for (String setting : extraSettings) {
			args.add("--" + setting);
		}
		return new BankInstance(new SpringApplicationBuilder(BankApplication.class).run(args.toArray(String[]::new)));
	}

	public Api api() {
		return new Api(this.context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
	}

	public Bank bank() {
		return new Bank(this.context.getBean(JdbcClient.class));
	}

	/** Stops every instance that started; null ones never did. */
	public static void closeAll(BankInstance... instances) {
		for (BankInstance instance : instances) {
			if (instance != null) {
				instance.close();
			}
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
