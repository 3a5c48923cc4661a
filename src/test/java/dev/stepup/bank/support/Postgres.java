package dev.stepup.bank.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL server for tests, found through {@code BANK_TEST_POSTGRES_URL}
 * (a JDBC URL with credentials, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}; {@code .ci/run}
 * sets it). Without it the PostgreSQL tests are skipped with that reason,
 * never failed. Each test class migrates its own fresh schema.
 */
public final class Postgres {

	public static final String URL_VARIABLE = "BANK_TEST_POSTGRES_URL";

	static final String SKIP_REASON = URL_VARIABLE
			+ " is not set: PostgreSQL tests skipped (set it to a JDBC URL to run them)";

	private Postgres() {
	}

	/** Skips the calling test, saying why, when no PostgreSQL is configured. */
	public static String requireUrl() {
		String url = System.getenv(URL_VARIABLE);
		Assumptions.assumeTrue(url != null && !url.isBlank(), SKIP_REASON);
		return url;
	}

	/**
	 * The one way a suite runs on PostgreSQL as well as on H2: the suite is an
	 * abstract {@code *Contract} carrying {@link ApiIntegrationTest}; its H2
	 * subclass adds nothing, its PostgreSQL subclass is {@link RequiresPostgres},
	 * {@code @DirtiesContext} (its pool and schema are its own) and calls this
	 * from its {@code @DynamicPropertySource}. The schema is made once, here: a
	 * supplier that made it would make a new one each time the property is read.
	 */
	public static void useFreshSchema(DynamicPropertyRegistry registry) {
		String url = freshSchemaUrl();
		registry.add("spring.datasource.url", () -> url);
	}

	/** Creates an empty schema and answers a JDBC URL that uses it. */
	public static String freshSchemaUrl() {
		String url = requireUrl();
		String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("PostgreSQL at " + URL_VARIABLE + " is not reachable: " + ex.getMessage(), ex);
		}
		return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
	}

}
