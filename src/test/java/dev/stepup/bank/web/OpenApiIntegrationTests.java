package dev.stepup.bank.web;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.TokenMint;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document and Swagger UI: scopes per operation, the step-up challenges, the payment detail. */
@ApiIntegrationTest
class OpenApiIntegrationTests extends ApiTestSupport {

	@Test
	void openApiWhenFetchedThenListsBothScopesAndTheStepUpChallenge() {
		Api.Response docs = this.api.get("/v3/api-docs", null);

		assertThat(docs.status()).isEqualTo(200);
		JsonNode paths = docs.json().get("paths");
		assertThat(paths.get("/balance").get("get").get("security").get(0).get("oauth2").get(0).asString())
			.isEqualTo("view:balance");
		JsonNode transfer = paths.get("/transfer").get("post");
		assertThat(transfer.get("security").get(0).get("oauth2").get(0).asString()).isEqualTo("transfer:funds");
		assertThat(transfer.get("security").get(1).get("dpop").get(0).asString()).isEqualTo("transfer:funds");
		assertThat(docs.json().get("components").get("securitySchemes").get("dpop").get("scheme").asString())
			.isEqualTo("DPoP");
		assertThat(transfer.get("responses").get("401").get("description").asString())
			.contains("insufficient_user_authentication");
		assertThat(transfer.get("responses").get("403").get("description").asString()).contains("insufficient_scope",
				"insufficient_authorization_details");
		assertThat(docs.json().get("x-authorization_details_types_supported").get(0).asString())
			.isEqualTo("payment_initiation");
		JsonNode payment = docs.json().get("components").get("schemas").get("PaymentInitiation");
		assertThat(payment.get("required").toString()).contains("instructedAmount", "debtorAccount", "creditorAccount");
		assertThat(payment.get("properties").get("locations").get("items").get("enum").get(0).asString())
			.isEqualTo(TokenMint.AUDIENCE);
		assertThat(docs.json().get("components").get("securitySchemes").get("oauth2").toString())
			.contains("view:balance", "transfer:funds");
		assertThat(this.api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
	}

}
