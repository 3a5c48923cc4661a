package dev.stepup.bank.support;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * An API on a fresh PostgreSQL schema reached through a {@link PostgresProxy}
 * the test can break, and a {@link Bank} that reads the same schema directly,
 * past the proxy, so the money check works while the API's path is down.
 */
public record ProxiedBank(PostgresProxy proxy, BankInstance instance, Bank bank) implements AutoCloseable {

	public static ProxiedBank start() {
		String direct = Postgres.freshSchemaUrl();
		PostgresProxy proxy = PostgresProxy.inFrontOf(direct);
		BankInstance instance = BankInstance.start(proxy.url(direct), "bank.demo-data.enabled=false");
		return new ProxiedBank(proxy, instance,
				new Bank(JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), direct))));
	}

	@Override
	public void close() {
		this.instance.close();
		this.proxy.close();
	}

}
