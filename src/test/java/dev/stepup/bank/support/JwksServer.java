package dev.stepup.bank.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.RSAKey;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A WireMock server publishing a JWKS, as an authorization server would. */
public final class JwksServer {

	public static final String PATH = "/oauth2/jwks";

	/** The JWKS most integration tests share: it serves {@link TokenMint#KEY}, and never changes. */
	public static final JwksServer SHARED = start(TokenMint.KEY);

	private final WireMockServer server;

	private JwksServer(WireMockServer server) {
		this.server = server;
	}

	public static JwksServer start(RSAKey... keys) {
		WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
		server.start();
		JwksServer jwks = new JwksServer(server);
		jwks.publish(keys);
		return jwks;
	}

	public void publish(RSAKey... keys) {
		this.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(TokenMint.jwks(keys))));
	}

	public String jwksUri() {
		return this.server.baseUrl() + PATH;
	}

	public WireMockServer wireMock() {
		return this.server;
	}

	public int jwksRequests() {
		return this.server.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(PATH)))
			.size();
	}

	public void stop() {
		this.server.stop();
	}

}
