package dev.stepup.demo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * Ports for this test run, chosen free at start, so the tests never clash with a demo
 * or API already running on 9000 and 8080.
 */
public final class DemoPorts {

	public static final int DEMO = freePort();

	public static final int API = freePort();

	private DemoPorts() {
	}

	public static String issuer() {
		return "http://localhost:" + DEMO;
	}

	public static String apiUrl() {
		return "http://localhost:" + API;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
