package dev.stepup.bank.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

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
