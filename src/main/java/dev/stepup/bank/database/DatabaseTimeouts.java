package dev.stepup.bank.database;

import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies {@link DatabaseProperties} to the connection pool, the PostgreSQL
 * driver and every statement (on H2, every session), whatever the datasource URL: the defaults of
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
		else if (bean instanceof JdbcTemplate template && !isH2(template.getDataSource())) {
			template.setQueryTimeout(seconds(this.properties.getObject().statementTimeout()));
		}
		return bean;
	}

	/**
	 * H2 applies a JDBC query timeout by running {@code SET QUERY_TIMEOUT} on
	 * the session each time one is set, and every SET makes H2 throw away the
	 * parsed and planned form of every statement it has cached: with a timeout
	 * set per statement, each statement was parsed and planned again (a third
	 * of a balance read's CPU). On H2 the timeout is the session's instead, set
	 * once per pooled connection, with the same effect on every statement.
	 */
	private static boolean isH2(DataSource dataSource) {
		try {
			return dataSource != null && dataSource.isWrapperFor(HikariDataSource.class)
					&& isH2(dataSource.unwrap(HikariDataSource.class).getJdbcUrl());
		}
		catch (SQLException notAWrapper) {
			return false;
		}
	}

	private static boolean isH2(String url) {
		return url != null && url.startsWith("jdbc:h2:");
	}

	private static void bound(HikariDataSource pool, DatabaseProperties timeouts) {
		pool.setConnectionTimeout(timeouts.connectionTimeout().toMillis());
		// a pooled connection is tested before use, and that test may overrun the
		// connection timeout by its own length: keep it short (Hikari's floor is 250 ms)
		pool.setValidationTimeout(Math.max(250, timeouts.connectionTimeout().dividedBy(4).toMillis()));
		String url = pool.getJdbcUrl();
		if (isH2(url)) {
			String setTimeout = "SET QUERY_TIMEOUT " + timeouts.statementTimeout().toMillis();
			String configured = pool.getConnectionInitSql();
			pool.setConnectionInitSql(configured == null ? setTimeout : setTimeout + "; " + configured);
		}
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
