package dev.stepup.bank.database;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

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
