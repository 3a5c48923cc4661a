package dev.stepup.bank.security;

import java.util.List;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Challenges;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9728: a client that knows only the API's address follows any challenge's
 * resource_metadata to the metadata, and from there to the authorization server.
 */
@ApiIntegrationTest
class ProtectedResourceMetadataIntegrationTests extends ApiTestSupport {

	@Test
	void metadataWhenNoTokenThenPublicCachedJsonNamingResourceIssuerScopesAndHeaderOnly() {
		Api.Response metadata = this.api.get(Challenges.RESOURCE_METADATA_PATH, null);

		assertThat(metadata.status()).isEqualTo(200);
		assertThat(metadata.contentType()).startsWith("application/json");
		assertThat(metadata.header("Cache-Control")).isEqualTo("public, max-age=3600");
		JsonNode document = metadata.json();
		assertThat(document.get("resource").asString()).isEqualTo(TokenMint.AUDIENCE);
		assertThat(strings(document.get("authorization_servers"))).containsExactly(TokenMint.ISSUER);
		assertThat(strings(document.get("scopes_supported"))).containsExactly("view:balance", "transfer:funds",
				"bank:operations");
		assertThat(strings(document.get("bearer_methods_supported"))).containsExactly("header");
		assertThat(document.path("tls_client_certificate_bound_access_tokens").asBoolean(false)).isFalse();
		assertThat(strings(document.get("dpop_signing_alg_values_supported"))).containsExactly("ES256", "PS256");
		assertThat(document.path("dpop_bound_access_tokens_required").asBoolean(true)).isFalse();
	}

	@Test
	void challengeWhenAnyRefusalThenResourceMetadataPointsAtTheDocument() {
		Api.Response noToken = this.api.get("/balance", null);
		Api.Response badToken = this.api.get("/balance", TokenMint.balance("alice").claim("aud", "x").sign());
		Api.Response noScope = this.api.transfer(TokenMint.balance("alice").sign(), Api.transferBody("a", "b", "1"));
		Api.Response noMfa = this.api.transfer(TokenMint.transfer("alice").claim("amr", List.of("pwd")).without("acr")
			.sign(), Api.transferBody("a", "b", "1"));

		String expected = this.api.baseUrl() + Challenges.RESOURCE_METADATA_PATH;
		for (Api.Response refused : List.of(noToken, badToken, noScope, noMfa)) {
			assertThat(Challenges.resourceMetadata(refused)).isEqualTo(expected);
		}
		assertThat(noToken.header("WWW-Authenticate")).isEqualTo("Bearer resource_metadata=\"" + expected + "\", DPoP "
				+ Challenges.ALGS + ", resource_metadata=\"" + expected + "\"");
		JsonNode document = this.api.get(Challenges.resourceMetadata(noScope).substring(this.api.baseUrl().length()),
				null).json();
		assertThat(document.get("authorization_servers").get(0).asString()).isEqualTo(TokenMint.ISSUER);
	}

	@Test
	void metadataWhenOtherMethodsOrPathsThenNotServedAsMetadata() {
		Api.Response post = this.api.post(Challenges.RESOURCE_METADATA_PATH, null, "{}");
		Api.Response sibling = this.api.get("/.well-known/openid-configuration", null);

		assertThat(post.status()).isIn(401, 403, 405);
		assertThat(sibling.status()).isIn(401, 403, 404);
		assertThat(sibling.body()).doesNotContain("authorization_servers");
	}

	@Test
	void openApiWhenReadThenTheMetadataEndpointIsDescribed() {
		JsonNode document = this.api.get("/v3/api-docs", null).json();

		JsonNode operation = document.get("paths").get(Challenges.RESOURCE_METADATA_PATH).get("get");
		assertThat(operation).isNotNull();
		assertThat(operation.get("responses").get("200").toString()).contains("authorization_servers");
	}

	private static List<String> strings(JsonNode array) {
		return array.valueStream().map(JsonNode::asString).toList();
	}

}
