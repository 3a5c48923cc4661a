package dev.stepup.bank.support;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What an {@link ApiIntegrationTest} class usually starts from: a client for
 * the running API and direct access to its database.
 */
public abstract class ApiTestSupport {

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	protected Api api;

	protected Bank bank;

	@BeforeEach
	protected void connectToTheRunningApi() {
		this.api = new Api(this.port);
		this.bank = new Bank(this.jdbc);
	}

}
