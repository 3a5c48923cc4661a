package dev.stepup.demo.testsupport;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A cookie-keeping HTTP client that walks the demo's sign-in pages as a browser
 * without JavaScript would, and plays the banking page's OAuth client part.
 */
public final class SignInClient {

	public static final String WEB_CLIENT = "bank-web";

	public static final String DEVICE_CLIENT = "bank-cli";

	private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)</form>",
			Pattern.DOTALL);

	private static final Pattern INPUT = Pattern.compile("<input[^>]*>");

	private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");

	private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SecureRandom RANDOM = new SecureRandom();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(new CookieManager())
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI issuer;

	private ProofHelper dpopKey;

	public SignInClient(String issuer) {
		this.issuer = URI.create(issuer + "/");
	}

	/** From now on, codes are redeemed with a DPoP proof of {@code key}, so the tokens are bound to it. */
	public SignInClient bindingTokensTo(ProofHelper key) {
		this.dpopKey = key;
		return this;
	}

	public String redirectUri() {
		return this.issuer.resolve("app/").toString();
	}

	public HttpResponse<String> get(String pathOrUrl) {
		return send(HttpRequest.newBuilder(resolve(pathOrUrl)).header("Accept", "text/html").GET());
	}

	public HttpResponse<String> follow(HttpResponse<?> redirect) {
		return get(redirect.headers().firstValue("Location").orElseThrow(
				() -> new AssertionError("expected a redirect, got " + redirect.statusCode())));
	}

	public HttpResponse<String> post(String path, Map<String, String> form) {
		return post(path, MultiValueMap.fromSingleValue(form));
	}

	/** A form post with extra headers, such as a {@code DPoP} proof for the token endpoint. */
	public HttpResponse<String> post(String path, Map<String, String> form, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(formEncoded(MultiValueMap.fromSingleValue(form))));
		headers.forEach(request::header);
		return send(request);
	}

	public HttpResponse<String> post(String path, MultiValueMap<String, String> form) {
		return send(HttpRequest.newBuilder(resolve(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json, text/html")
			.POST(HttpRequest.BodyPublishers.ofString(formEncoded(form))));
	}

	/**
	 * Submits the first form on {@code page} as a person would: with its hidden fields
	 * (the CSRF token among them) and checked boxes, and {@code typed} filled in.
	 */
	public HttpResponse<String> submitForm(HttpResponse<String> page, Map<String, String> typed) {
		Matcher form = FORM.matcher(page.body());
		if (!form.find()) {
			throw new AssertionError("no form on " + page.uri() + ": " + page.statusCode() + " " + page.body());
		}
		MultiValueMap<String, String> fields = new LinkedMultiValueMap<>();
		Matcher input = INPUT.matcher(form.group(2));
		while (input.find()) {
			String tag = input.group();
			Matcher name = NAME.matcher(tag);
			Matcher value = VALUE.matcher(tag);
			boolean unchecked = tag.contains("type=\"checkbox\"") && !tag.contains("checked");
			if (name.find() && !unchecked) {
				fields.add(name.group(1), value.find() ? HtmlUtils.htmlUnescape(value.group(1)) : "");
			}
		}
		typed.forEach(fields::set);
		return post(HtmlUtils.htmlUnescape(form.group(1)), fields);
	}

	public HttpResponse<String> signIn(String username, String password) {
		return submitForm(get("/login"), Map.of("username", username, "password", password));
	}

	public HttpResponse<String> enterCode(String code) {
		return submitForm(get("/login/otp"), Map.of("code", code));
	}

	/** Sends the banking page's authorization request (PKCE, state, nonce) for {@code scope}. */
	public AuthorizationRequest authorize(String scope, Map<String, String> extraParameters) {
		String verifier = randomToken();
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(this.issuer.resolve("oauth2/authorize"))
			.queryParam("response_type", "code")
			.queryParam("client_id", WEB_CLIENT)
			.queryParam("redirect_uri", redirectUri())
			.queryParam("scope", scope)
			.queryParam("state", randomToken())
			.queryParam("nonce", randomToken())
			.queryParam("code_challenge", challengeOf(verifier))
			.queryParam("code_challenge_method", "S256");
		// as URI variables, so that JSON values such as authorization_details are encoded strictly
		extraParameters.forEach((name, value) -> uri.queryParam(name, "{" + name + "}"));
		return new AuthorizationRequest(verifier, get(uri.encode().buildAndExpand(extraParameters).toUriString()));
	}

	public AuthorizationRequest authorize(String scope) {
		return authorize(scope, Map.of());
	}

	/**
	 * Pushes the banking page's authorization request for {@code scope} with
	 * {@code extraParameters} (RFC 9126), then sends the short authorization request
	 * naming it; the pushed request's answer is kept for tests of refusals.
	 */
	public PushedRequest push(String scope, Map<String, String> extraParameters) {
		String verifier = randomToken();
		Map<String, String> form = new HashMap<>(Map.of("response_type", "code", "client_id", WEB_CLIENT,
				"redirect_uri", redirectUri(), "scope", scope, "state", randomToken(), "nonce", randomToken(),
				"code_challenge", challengeOf(verifier), "code_challenge_method", "S256"));
		form.putAll(extraParameters);
		HttpResponse<String> pushed = post("/oauth2/par", form, Map.of());
		if (pushed.statusCode() != 201) {
			return new PushedRequest(pushed, null);
		}
		String requestUri = json(pushed).get("request_uri").asString();
		String uri = UriComponentsBuilder.fromUri(this.issuer.resolve("oauth2/authorize"))
			.queryParam("client_id", WEB_CLIENT)
			.queryParam("request_uri", requestUri)
			.encode()
			.build()
			.toUriString();
		return new PushedRequest(pushed, new AuthorizationRequest(verifier, get(uri)));
	}

	/**
	 * Signs in and returns an access token bound to the payments in
	 * {@code authorizationDetails}, approved with the second factor through a pushed
	 * authorization request, as the banking page gets one.
	 */
	public String boundAccessToken(String username, String password, String scope, String authorizationDetails) {
		signIn(username, password);
		AuthorizationRequest request = push(scope, Map.of("authorization_details", authorizationDetails))
			.authorization();
		if (request == null) {
			throw new AssertionError("pushed authorization request refused");
		}
		HttpResponse<String> response = follow(enterCode(DemoTotp.nextCode(username)));
		return redeem(request, response).get("access_token").asString();
	}

	/** One {@code payment_initiation} detail (RFC 9396) as the banking page sends it, in a JSON array. */
	public static String payment(String from, String to, String amount, String currency) {
		return "[{\"type\":\"payment_initiation\",\"instructedAmount\":{\"currency\":\"" + currency
				+ "\",\"amount\":\"" + amount + "\"},\"debtorAccount\":{\"id\":\"" + from
				+ "\"},\"creditorAccount\":{\"id\":\"" + to + "\"}}]";
	}

	/** Redeems the code in the authorization response {@code redirect} at the token endpoint. */
	public JsonNode redeem(AuthorizationRequest request, HttpResponse<?> redirect) {
		String location = redirect.headers().firstValue("Location").orElseThrow();
		String code = UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("code");
		if (code == null || !location.startsWith(redirectUri())) {
			throw new AssertionError("no authorization code in " + location);
		}
		Map<String, String> form = Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
				redirectUri(), "client_id", WEB_CLIENT, "code_verifier", request.codeVerifier());
		if (this.dpopKey == null) {
			return json(post("/oauth2/token", form));
		}
		try {
			String proof = this.dpopKey.proof("POST", this.issuer.resolve("oauth2/token").toString(), null, null);
			return json(post("/oauth2/token", form, Map.of("DPoP", proof)));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * Signs in and returns the access token the banking page would get for
	 * {@code scope}, passing the second factor when the server asks for it.
	 */
	public String accessToken(String username, String password, String scope) {
		signIn(username, password);
		AuthorizationRequest request = authorize(scope);
		HttpResponse<String> response = request.response();
		if (redirectPath(response).equals("/login/otp")) {
			response = follow(enterCode(DemoTotp.nextCode(username)));
		}
		return redeem(request, response).get("access_token").asString();
	}

	/** Where {@code response} redirects to (the path), or what it was instead. */
	public static String redirectPath(HttpResponse<?> response) {
		return response.headers()
			.firstValue("Location")
			.filter((location) -> response.statusCode() == 302)
			.map((location) -> URI.create(location).getPath())
			.orElse("no redirect but " + response.statusCode() + " " + response.body());
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI resolve(String pathOrUrl) {
		return this.issuer.resolve(pathOrUrl.startsWith("/") ? pathOrUrl.substring(1) : pathOrUrl);
	}

	private static String formEncoded(MultiValueMap<String, String> form) {
		return form.entrySet()
			.stream()
			.flatMap((field) -> field.getValue()
				.stream()
				.map((value) -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
						+ URLEncoder.encode(value, StandardCharsets.UTF_8)))
			.collect(Collectors.joining("&"));
	}

	private static String randomToken() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challengeOf(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An authorization request sent, and the server's first answer to it.
	 *
	 * @param codeVerifier the PKCE verifier to redeem the code with
	 * @param response the answer: a redirect to the client, to sign-in, or to the
	 * second factor
	 */
	public record AuthorizationRequest(String codeVerifier, HttpResponse<String> response) {

	}

	/**
	 * A pushed authorization request.
	 *
	 * @param pushed the pushed authorization request endpoint's answer
	 * @param authorization the authorization request that followed, {@code null} when the push was refused
	 */
	public record PushedRequest(HttpResponse<String> pushed, AuthorizationRequest authorization) {

	}

}
