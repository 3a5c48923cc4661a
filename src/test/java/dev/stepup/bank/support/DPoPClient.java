package dev.stepup.bank.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * Calls to the running API with {@code Authorization: DPoP} and any number of
 * {@code DPoP} headers; directly, or as through a reverse proxy that
 * publishes the API under another URI with {@code X-Forwarded-*} headers.
 */
public final class DPoPClient {

	private final Api api;

	private final String publicBase;

	private final Map<String, String> forwarded;

	public DPoPClient(Api api) {
		this(api, api.baseUrl(), Map.of());
	}

	private DPoPClient(Api api, String publicBase, Map<String, String> forwarded) {
		this.api = api;
		this.publicBase = publicBase;
		this.forwarded = forwarded;
	}

	/** As behind a TLS-terminating proxy at https://{host}: the URI proofs must name. */
	public static DPoPClient behindProxy(Api api, String host) {
		return new DPoPClient(api, "https://" + host,
				Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", host, "X-Forwarded-Port", "443"));
	}

	/** The URI of {@code path} as the client sees it, the one a proof's {@code htu} names. */
	public String uri(String path) {
		return this.publicBase + path;
	}

	public Api.Response transfer(String token, String body, String... proofs) {
		HttpRequest.Builder request = request("/transfer", token, proofs).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return this.api.send(request);
	}

	public Api.Response balance(String token, String... proofs) {
		return this.api.send(request("/balance", token, proofs).GET());
	}

	private HttpRequest.Builder request(String path, String token, String... proofs) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.api.baseUrl() + path));
		this.forwarded.forEach(request::header);
		if (token != null) {
			request.header("Authorization", "DPoP " + token);
		}
		for (String proof : proofs) {
			request.header("DPoP", proof);
		}
		return request;
	}

}
