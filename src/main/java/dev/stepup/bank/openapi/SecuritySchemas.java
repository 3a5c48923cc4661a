package dev.stepup.bank.openapi;

import java.util.List;

import dev.stepup.bank.security.stepup.PaymentInitiation;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

/**
 * The parts of the document that describe what security serves or reads and
 * no controller declares: the RFC 9396 payment a transfer token may be bound
 * to, and the RFC 9728 metadata endpoint.
 */
final class SecuritySchemas {

	private SecuritySchemas() {
	}

	/**
	 * The RFC 9396 authorization detail a transfer token may carry (see
	 * {@code PaymentBinding}): accounts by this API's id, the amount as a decimal
	 * string, locations naming this API's audience.
	 */
	static Schema<?> paymentInitiation(List<String> audiences) {
		Schema<?> account = new ObjectSchema().addProperty("id", new StringSchema().pattern(PaymentInitiation.ACCOUNT_ID))
			.addRequiredItem("id");
		return new ObjectSchema()
			.description("RFC 9396 authorization detail in the access token's authorization_details claim; "
					+ "POST /transfer succeeds only for a body matching one of them exactly")
			.addProperty("type", new StringSchema()._enum(List.of(PaymentInitiation.TYPE)))
			.addProperty("locations", new ArraySchema().items(new StringSchema()._enum(audiences))
				.description("optional; when present it must name this API"))
			.addProperty("instructedAmount", new ObjectSchema()
				.addProperty("currency", new StringSchema().pattern(PaymentInitiation.CURRENCY).example("EUR"))
				.addProperty("amount", new StringSchema().pattern(PaymentInitiation.AMOUNT)
					.example("25.00"))
				.addRequiredItem("currency")
				.addRequiredItem("amount"))
			.addProperty("debtorAccount", account)
			.addProperty("creditorAccount", account)
			.addProperty("creditorName", new StringSchema())
			.addProperty("remittanceInformationUnstructured", new StringSchema())
			.required(List.of("type", "instructedAmount", "debtorAccount", "creditorAccount"));
	}

	/** RFC 9728: public, no token; served by Spring Security's filter, so no controller describes it. */
	static Operation resourceMetadata() {
		ObjectSchema document = new ObjectSchema();
		document.addProperty("resource", new StringSchema().description("this API's resource identifier (the audience)"))
			.addProperty("authorization_servers",
					new ArraySchema().items(new StringSchema()).description("the issuer whose tokens this API accepts"))
			.addProperty("scopes_supported", new ArraySchema().items(new StringSchema()))
			.addProperty("bearer_methods_supported",
					new ArraySchema().items(new StringSchema()).description("[\"header\"]: never the query or body"))
			.addProperty("resource_name", new StringSchema())
			.addProperty("dpop_signing_alg_values_supported",
					new ArraySchema().items(new StringSchema()).description("algorithms a DPoP proof may use"))
			.addProperty("dpop_bound_access_tokens_required", new BooleanSchema()
				.description("true only when every protected call needs a DPoP-bound token"));
		return new Operation().operationId("protectedResourceMetadata")
			.summary("OAuth 2.0 Protected Resource Metadata (RFC 9728)")
			.description("Where to get a token for this API. Every WWW-Authenticate challenge points here "
					+ "(resource_metadata). Public; clients may cache it (Cache-Control).")
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("the metadata")
				.addHeaderObject("Cache-Control", new Header().schema(new StringSchema()))
				.content(new Content().addMediaType("application/json", new MediaType().schema(document)))));
	}

}
