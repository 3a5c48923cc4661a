package dev.stepup.bank.database;

import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** bank.database.* reach the pool, the PostgreSQL driver and every statement, and nonsense is refused at startup. */
class DatabaseTimeoutsTests {

	private final ApplicationContextRunner context = new ApplicationContextRunner()
		.withUserConfiguration(Beans.class);

	@Test
	void timeoutsWhenDefaultsThenPoolDriverAndStatementsBounded() {
		this.context.withPropertyValues("url=jdbc:postgresql://db-a:5432,db-b:5432/bank?targetServerType=primary")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				assertThat(pool.getConnectionTimeout()).isEqualTo(2000);
				assertThat(pool.getValidationTimeout()).isEqualTo(500);
				assertThat(pool.getDataSourceProperties()).containsEntry("connectTimeout", "2")
					.containsEntry("loginTimeout", "2")
					.containsEntry("socketTimeout", "3")
					.containsEntry("tcpKeepAlive", "true");
				assertThat(context.getBean(JdbcTemplate.class).getQueryTimeout()).isEqualTo(2);
			});
	}

	@Test
	void timeoutsWhenNotPostgresThenNoDriverPropertiesItWouldRefuse() {
		this.context.withPropertyValues("url=jdbc:h2:mem:timeouts", "bank.database.connection-timeout=5s")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				assertThat(pool.getConnectionTimeout()).isEqualTo(5000);
				assertThat(pool.getDataSourceProperties()).isEmpty();
			});
	}

	@Test
	void timeoutsWhenH2ThenTheSessionsTimeoutNotEachStatements() {
		this.context.withPropertyValues("url=jdbc:h2:mem:session-timeout")
			.run((context) -> {
				HikariDataSource pool = context.getBean(HikariDataSource.class);
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
				// a per-statement timeout makes H2 run SET QUERY_TIMEOUT, which discards every cached plan
				assertThat(jdbc.getQueryTimeout()).isEqualTo(-1);
				assertThat(pool.getConnectionInitSql()).isEqualTo("SET QUERY_TIMEOUT 2000");
				assertThat(jdbc.queryForObject(
						"SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'QUERY_TIMEOUT'",
						String.class))
					.isEqualTo("2000");
			});
	}

	@Test
	@Timeout(30) // without the session's timeout the query would run for minutes
	void timeoutsWhenH2StatementRunsLongerThanTheStatementTimeoutThenCancelledByIt() {
		this.context.withPropertyValues("url=jdbc:h2:mem:long-query", "bank.database.statement-timeout=1s")
			.run((context) -> {
				JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

				// minutes of work for H2, unless the session's timeout ends it
				Throwable cancelled = catchThrowable(
						() -> jdbc.queryForObject("SELECT SUM(X) FROM SYSTEM_RANGE(1, 100000000000)", Long.class));

				assertThat(cancelled).isInstanceOf(DataAccessException.class);
				assertThat(((DataAccessException) cancelled).getMostSpecificCause()).isInstanceOfSatisfying(
						SQLException.class,
						(failure) -> assertThat(failure.getErrorCode()).isEqualTo(ErrorCode.STATEMENT_WAS_CANCELED));
			});
	}

	@Test
	void timeoutsWhenSocketNotLongerThanStatementsThenStartupRefused() {
		this.context.withPropertyValues("url=jdbc:h2:mem:timeouts", "bank.database.statement-timeout=3s",
				"bank.database.socket-timeout=3s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("socket-timeout must be whole seconds and longer than statement-timeout"));
	}

	@Test
	void timeoutsWhenFractionsOfSecondsJdbcCannotSayThenStartupRefused() {
		this.context.withPropertyValues("url=jdbc:h2:mem:timeouts", "bank.database.statement-timeout=1500ms")
			.run((context) -> assertThat(context).hasFailed());
		this.context.withPropertyValues("url=jdbc:h2:mem:timeouts", "bank.database.retry-after=0s")
			.run((context) -> assertThat(context).hasFailed());
		this.context.withPropertyValues("url=jdbc:h2:mem:timeouts", "bank.database.connection-timeout=100ms")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DatabaseProperties.class)
	@Import(DatabaseTimeouts.class)
	static class Beans {

		@Bean
		HikariDataSource dataSource(Environment environment) {
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl(environment.getRequiredProperty("url"));
			return pool;
		}

		@Bean
		JdbcTemplate jdbcTemplate(HikariDataSource dataSource) {
			return new JdbcTemplate(dataSource, true);
		}

	}

}
