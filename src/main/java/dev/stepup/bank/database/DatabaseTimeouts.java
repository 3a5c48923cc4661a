package dev.stepup.bank.database;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies {@link DatabaseProperties} to the connection pool, the PostgreSQL
 * driver and every statement, whatever the datasource URL: the defaults of
 * each (Hikari waits 30 s for a connection, the driver reads a dead socket
 * forever) would turn an outage into hanging requests. A parameter written in
 * a PostgreSQL URL still wins over the one set here.
 */
@Component
class DatabaseTimeouts implements BeanPostProcessor {

	private final ObjectProvider<DatabaseProperties> properties;

	DatabaseTimeouts(ObjectProvider<DatabaseProperties> properties) {
		this.properties = properties;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool) {
			bound(pool, this.properties.getObject());
		}
		else if (bean instanceof JdbcTemplate template) {
			template.setQueryTimeout(seconds(this.properties.getObject().statementTimeout()));
		}
		return bean;
	}

	private static void bound(HikariDataSource pool, DatabaseProperties timeouts) {
		pool.setConnectionTimeout(timeouts.connectionTimeout().toMillis());
		// a pooled connection is tested before use, and that test may overrun the
		// connection timeout by its own length: keep it short (Hikari's floor is 250 ms)
		pool.setValidationTimeout(Math.max(250, timeouts.connectionTimeout().dividedBy(4).toMillis()));
		String url = pool.getJdbcUrl();
		if (url != null && url.startsWith("jdbc:postgresql:")) {
			// driver properties go in as text: the driver reads them with Properties.getProperty
			String connect = Integer.toString(seconds(timeouts.connectionTimeout()));
			pool.addDataSourceProperty("connectTimeout", connect);
			pool.addDataSourceProperty("loginTimeout", connect);
			pool.addDataSourceProperty("cancelSignalTimeout", connect);
			pool.addDataSourceProperty("socketTimeout", Integer.toString(seconds(timeouts.socketTimeout())));
			pool.addDataSourceProperty("tcpKeepAlive", "true");
		}
	}

	private static int seconds(Duration duration) {
		return (int) Math.max(1, duration.toSeconds());
	}

}
