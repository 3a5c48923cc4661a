package dev.stepup.bank.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stepup.bank.security.TokenHash;

/**
 * What a public client and its user's browser do against an OpenID provider:
 * the authorization code flow with PKCE (S256), through the provider's own
 * HTML pages (forms read with jsoup, cookies kept, so the second
 * authorization reuses the session like a browser), then the code exchanged
 * for tokens. Each page is answered by {@code answer}, from the names of the
 * form's fields; the pages seen are recorded.
 */
public final class OidcBrowser {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new LoopbackCookies())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String authorizationEndpoint;

	private final String tokenEndpoint;

	private final String clientId;

	private final String redirectUri;

	public OidcBrowser(String authorizationEndpoint, String tokenEndpoint, String clientId, String redirectUri) {
		this.authorizationEndpoint = authorizationEndpoint;
		this.tokenEndpoint = tokenEndpoint;
		this.clientId = clientId;
		this.redirectUri = redirectUri;
	}

	/** Authorizes with these parameters and answers the pages until the redirect back with a code. */
	public Authorization authorize(Map<String, String> parameters, Function<Page, Map<String, String>> answer) {
		String verifier = random();
		String state = random();
		Map<String, String> query = new LinkedHashMap<>(parameters);
		query.put("client_id", this.clientId);
		query.put("response_type", "code");
		query.put("redirect_uri", this.redirectUri);
		query.put("state", state);
		query.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(TokenHash.sha256(verifier)));
		query.put("code_challenge_method", "S256");
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.authorizationEndpoint + "?" + form(query))).GET());
		List<String> pages = new ArrayList<>();
		for (int step = 0; step < 10; step++) {
			String location = response.headers().firstValue("Location").orElse(null);
			if (response.statusCode() == 302 && location != null && location.startsWith(this.redirectUri)) {
				Map<String, String> back = parse(URI.create(location).getRawQuery());
				if (!state.equals(back.get("state")) || back.get("code") == null) {
					throw new IllegalStateException("redirect without the state or a code: " + location);
				}
				return new Authorization(exchange(back.get("code"), verifier), pages);
			}
			if (response.statusCode() == 302 && location != null) {
				response = send(HttpRequest.newBuilder(URI.create(response.uri().resolve(location).toString())).GET());
				continue;
			}
			if (response.statusCode() != 200) {
				throw new IllegalStateException("unexpected " + response.statusCode() + " from " + response.uri() + ": "
						+ Jsoup.parse(response.body()).text());
			}
			Document document = Jsoup.parse(response.body(), response.uri().toString());
			Element formElement = document.selectFirst("form[method=post]");
			if (formElement == null) {
				throw new IllegalStateException("a page without a form: " + document.title() + "\n" + document.text());
			}
			Map<String, String> fields = new LinkedHashMap<>();
			for (Element input : formElement.select("input[name]")) {
				fields.put(input.attr("name"), input.attr("value"));
			}
			Page page = new Page(document.title(), fields.keySet(), document.text());
			pages.add(page.title() + " " + page.fields());
			fields.putAll(answer.apply(page));
			response = send(HttpRequest.newBuilder(URI.create(formElement.absUrl("action")))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(fields))));
		}
		throw new IllegalStateException("no redirect back after " + pages);
	}

	private JsonNode exchange(String code, String verifier) {
		Map<String, String> request = new LinkedHashMap<>();
		request.put("grant_type", "authorization_code");
		request.put("code", code);
		request.put("redirect_uri", this.redirectUri);
		request.put("client_id", this.clientId);
		request.put("code_verifier", verifier);
		HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(this.tokenEndpoint))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form(request))));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("token endpoint: " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body());
	}

	/** Client credentials, for a confidential client such as the back office. */
	public static JsonNode clientCredentials(String tokenEndpoint, String clientId, String secret) {
		return tokenRequest(tokenEndpoint, clientId,
				Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
	}

	/** A refresh, as a public client does it: a new access token from the same authentication. */
	public static JsonNode refresh(String tokenEndpoint, String clientId, String refreshToken) {
		return tokenRequest(tokenEndpoint, clientId,
				Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken));
	}

	private static JsonNode tokenRequest(String tokenEndpoint, String clientId, Map<String, String> fields) {
		HttpResponse<String> response = new OidcBrowser(null, tokenEndpoint, clientId, null)
			.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form(fields))));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("token endpoint: " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String form(Map<String, String> fields) {
		return fields.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
	}

	private static Map<String, String> parse(String query) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			values.put(pair.substring(0, equals), java.net.URLDecoder.decode(pair.substring(equals + 1),
					StandardCharsets.UTF_8));
		}
		return values;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String random() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * Cookies as a browser keeps them. Browsers count http://127.0.0.1 as a
	 * secure context and send it Secure cookies (Keycloak marks its session
	 * cookies Secure); Java's CookieManager would not, so loopback URIs are
	 * treated as https here.
	 */
	private static final class LoopbackCookies extends CookieManager {

		LoopbackCookies() {
			super(null, CookiePolicy.ACCEPT_ALL);
		}

		@Override
		public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
			return super.get(secure(uri), headers);
		}

		@Override
		public void put(URI uri, Map<String, List<String>> headers) throws IOException {
			super.put(secure(uri), headers);
		}

		private static URI secure(URI uri) {
			return "127.0.0.1".equals(uri.getHost()) ? URI.create("https" + uri.toString().substring(4)) : uri;
		}

	}

	/** A page of the provider: its title, the names of its form's fields, its text. */
	public record Page(String title, java.util.Set<String> fields, String text) {
	}

	/** The token response, and the pages the user had to answer to get it. */
	public record Authorization(JsonNode tokens, List<String> pages) {

		public String accessToken() {
			return this.tokens.get("access_token").asString();
		}

	}

}
