package dev.stepup.bank.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.Date;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.ECKey;
import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.DPoPClient;
import dev.stepup.bank.support.DPoPProof;
import dev.stepup.bank.support.ForgedTokens;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the platform team reads of a refused token: the
 * {@code bank_tokens_refused_total} series, scraped from
 * {@code /actuator/prometheus} as Prometheus would, moves by exactly one under
 * the cause of the check that refused it; and the refusal's log line names the
 * token's client whichever claim the provider puts it in.
 */
@ApiIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class RefusalCauseIntegrationTests {

	private static final Pattern SAMPLE = Pattern
		.compile("^bank_tokens_refused_total\\{(?<labels>[^}]*)\\} (?<value>\\S+)$", Pattern.MULTILINE);

	@LocalServerPort
	int port;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
	}

	static Stream<Refused> refusals() {
		Instant now = Instant.now();
		return Stream.of(
				bearer("not_yet_valid", TokenMint.balance("cause-nbf").claim("nbf", Date.from(now.plusSeconds(600)))
					.sign()),
				bearer("expired", TokenMint.balance("cause-exp")
					.claim("iat", Date.from(now.minusSeconds(1200)))
					.claim("exp", Date.from(now.minusSeconds(600)))
					.sign()),
				bearer("no_expiry", TokenMint.balance("cause-no-exp").without("exp").sign()),
				bearer("issued_in_future", TokenMint.balance("cause-iat")
					.claim("iat", Date.from(now.plusSeconds(600)))
					.claim("exp", Date.from(now.plusSeconds(900)))
					.sign()),
				bearer("audience", TokenMint.balance("cause-aud").claim("aud", "https://another-api.example").sign()),
				bearer("issuer", TokenMint.balance("cause-iss").claim("iss", "https://issuer.evil.example").sign()),
				bearer("subject", TokenMint.balance(" ").sign()),
				bearer("client", TokenMint.balance("cause-client").claim("client_id", "c".repeat(256)).sign()),
				bearer("type", TokenMint.balance("cause-typ").header((h) -> h.type(new JOSEObjectType("dpop+jwt")))
					.sign()),
				bearer("bad_signature", ForgedTokens.withPayload(TokenMint.balance("cause-sig").sign(),
						TokenMint.balance("cause-sig-other").claimsSet())),
				bearer("unknown_key_or_algorithm",
						TokenMint.balance("cause-kid").signedWith(TokenMint.generate("cause-unknown-kid")).sign()),
				bearer("algorithm", ForgedTokens.unsigned("none", TokenMint.balance("cause-none").claimsSet())),
				bearer("malformed", "not-a-jwt"),
				new Refused("invalid_request", "token_in_query", 400,
						(api) -> api.get("/balance?access_token=" + TokenMint.balance("cause-query").sign(), null)),
				new Refused("invalid_request", "duplicate_token", 400,
						(api) -> api.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/balance"))
							.header("Authorization", "Bearer " + TokenMint.balance("cause-twice-1").sign())
							.header("Authorization", "Bearer " + TokenMint.balance("cause-twice-2").sign())
							.GET())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusals")
	void balanceWhenTokenRefusedThenCountedUnderTheCauseOfTheCheckThatRefusedIt(Refused refused) {
		double before = scrape(refused.reason(), refused.cause());

		Api.Response response = refused.send().apply(this.api);

		assertThat(response.status()).as(response.body()).isEqualTo(refused.status());
		assertThat(scrape(refused.reason(), refused.cause())).isEqualTo(before + 1);
	}

	@Test
	void refusalsWhenTokenNamesItsClientOnlyInAzpThenTheLogLineNamesTheClient(CapturedOutput output) {
		ECKey key = DPoPProof.newKey();
		TokenMint azpOnly = TokenMint.balance("cause-azp").without("client_id").claim("azp", "azp-only-client");
		String bound = azpOnly.claim("cnf", DPoPProof.cnf(key)).sign();
		DPoPClient client = new DPoPClient(this.api);
		String wrongMethod = DPoPProof.of(key, "POST", client.uri("/balance"), bound).sign();

		Api.Response proofRefused = client.balance(bound, wrongMethod);
		Api.Response scopeRefused = this.api.get("/accounts/cause-azp-account", azpOnly.sign());

		assertThat(proofRefused.status()).isEqualTo(401);
		assertThat(scopeRefused.status()).isEqualTo(403);
		assertThat(output.getOut().lines().filter((line) -> line.contains("token refused: reason=invalid_dpop_proof")
				&& line.contains("subject=cause-azp")))
			.singleElement()
			.asString()
			.contains("client=azp-only-client");
		assertThat(output.getOut().lines().filter((line) -> line.contains("token refused: reason=insufficient_scope")
				&& line.contains("subject=cause-azp")))
			.singleElement()
			.asString()
			.contains("client=azp-only-client");
		assertThat(output.getOut()).doesNotContain(bound).doesNotContain(wrongMethod);
	}

	/** The series' value in the Prometheus text the API serves; 0 before its first sample. */
	private double scrape(String reason, String cause) {
		Api.Response metrics = this.api.get("/actuator/prometheus", TokenMint.operations("cause-scraper").sign());
		assertThat(metrics.status()).isEqualTo(200);
		Matcher sample = SAMPLE.matcher(metrics.body());
		while (sample.find()) {
			String labels = sample.group("labels");
			if (labels.contains("cause=\"" + cause + "\"") && labels.contains("reason=\"" + reason + "\"")) {
				return Double.parseDouble(sample.group("value"));
			}
		}
		return 0;
	}

	private static Refused bearer(String cause, String token) {
		return new Refused("invalid_token", cause, 401, (api) -> api.get("/balance", token));
	}

	record Refused(String reason, String cause, int status, Function<Api, Api.Response> send) {

		@Override
		public String toString() {
			return this.reason + " " + this.cause;
		}

	}

}
