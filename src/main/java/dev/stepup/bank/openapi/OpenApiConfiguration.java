package dev.stepup.bank.openapi;

import java.util.List;
import java.util.Map;

import dev.stepup.bank.security.RequiresScope;
import dev.stepup.bank.security.ResourceMetadata;
import dev.stepup.bank.security.Scopes;
import dev.stepup.bank.security.stepup.PaymentInitiation;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs}. Each operation's scope is
 * read from its {@link RequiresScope}, the declaration method security
 * enforces, so the document cannot drift from the policy; every refusal a client must handle is listed with its challenge.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String OAUTH2 = "oauth2";

	/** RFC 9449: the same tokens, bound to the client's key and sent with a proof. */
	static final String DPOP = "dpop";

	/** The name RFC 9396 §10 gives this metadata; OpenAPI wants an x- prefix for extensions. */
	static final String AUTHORIZATION_DETAILS_TYPES = "x-authorization_details_types_supported";

	/** Not our {@link Scopes}: OpenAPI's scope map, named the same. */
	private static io.swagger.v3.oas.models.security.Scopes scopeMap() {
		return new io.swagger.v3.oas.models.security.Scopes();
	}

	private static final String PROBLEM_JSON = "application/problem+json";

	@Bean
	OpenAPI bankOpenApi(OAuth2ResourceServerProperties resourceServer) {
		String issuer = resourceServer.getJwt().getIssuerUri();
		OAuthFlow authorizationCode = new OAuthFlow().authorizationUrl(issuer + "/oauth2/authorize")
			.tokenUrl(issuer + "/oauth2/token")
			.scopes(scopeMap()
				.addString(Scopes.VIEW_BALANCE, "read your accounts and transfers")
				.addString(Scopes.TRANSFER_FUNDS,
						"move money; granted only after multi-factor authentication, single use")
				.addString(Scopes.OPERATIONS, "back office: open accounts, read metrics"));
		OpenAPI document = new OpenAPI()
			// relative: never the Host or X-Forwarded-* of whoever asked for the document
			.servers(List.of(new Server().url("/").description("this API, where the document is served")))
			.extensions(Map.of(AUTHORIZATION_DETAILS_TYPES, List.of(PaymentInitiation.TYPE)))
			.info(new Info().title("Step-up Bank API")
				.version("1")
				.description("Balances need an ordinary login (view:balance). Transfers need a fresh multi-factor "
						+ "token with transfer:funds, usable once (RFC 9470 step-up)."))
			.components(new Components()
				.addSecuritySchemes(OAUTH2,
						new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
							.description("JWT access tokens (RS256) from the configured issuer; a transfer token may be "
									+ "bound to its payment with RFC 9396 authorization_details (schema PaymentInitiation)")
							.flows(new OAuthFlows().authorizationCode(authorizationCode)))
				.addSecuritySchemes(DPOP, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("DPoP")
					.description("A DPoP-bound access token (cnf.jkt) as 'Authorization: DPoP <token>', with one "
							+ "'DPoP' proof header signed by the bound key (RFC 9449): typ dpop+jwt, htm, htu, iat, "
							+ "jti (single use), ath, and the server's nonce when 'DPoP-Nonce' asks for one. A bound "
							+ "token sent as Bearer is refused. See /.well-known/oauth-protected-resource for the "
							+ "accepted algorithms."))
				.addSchemas("PaymentInitiation", SecuritySchemas.paymentInitiation(resourceServer.getJwt().getAudiences()))
				.addSchemas("Problem", new ObjectSchema().description("RFC 9457 problem details")
					.addProperty("type", new StringSchema())
					.addProperty("title", new StringSchema())
					.addProperty("status", new IntegerSchema())
					.addProperty("detail", new StringSchema())))
			.path(ResourceMetadata.PATH, new PathItem().get(SecuritySchemas.resourceMetadata()));
		return document;
	}

	@Bean
	OperationCustomizer scopesAndChallenges() {
		return (operation, handler) -> {
			RequiresScope scope = handler.getMethodAnnotation(RequiresScope.class);
			if (scope != null) {
				// either scheme: a bearer token, or a DPoP-bound token with its proof
				operation.addSecurityItem(new SecurityRequirement().addList(OAUTH2, scope.value()));
				operation.addSecurityItem(new SecurityRequirement().addList(DPOP, scope.value()));
				describeRefusals(operation, scope.value());
			}
			return operation;
		};
	}

	private static void describeRefusals(Operation operation, String scope) {
		ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
		boolean stepUp = Scopes.TRANSFER_FUNDS.equals(scope);
		responses.addApiResponse("401", problem(stepUp
				? "No token, an invalid or already used token (invalid_token), or step-up needed: "
						+ "error=\"insufficient_user_authentication\" with acr_values (no MFA) or max_age (MFA too old), RFC 9470"
				: "No token, or an invalid token (invalid_token)",
				stepUp ? "Bearer error=\"insufficient_user_authentication\", acr_values=\"http://schemas.openid.net/pape/policies/2007/06/multi-factor\", error_description=\"moving money needs multi-factor authentication\""
						: "Bearer error=\"invalid_token\", error_description=\"Jwt expired at 2026-01-01T00:00:00Z\""));
		responses.addApiResponse("403", problem("The token lacks the " + scope + " scope (insufficient_scope, RFC 6750)"
				+ (stepUp ? "; or it is bound to other payments, or to none while binding is required "
						+ "(insufficient_authorization_details, RFC 9396): ask for a token whose authorization_details "
						+ "name this transfer" : ""),
				"Bearer error=\"insufficient_scope\", scope=\"" + scope + "\", error_description=\"…\""));
		responses.addApiResponse("400", problem("Malformed request, a header sent twice, or a token in the query "
				+ "string or sent twice (invalid_request)", null));
		responses.addApiResponse("404", problem("No such account or transfer for this customer", null));
		responses.addApiResponse("406", problem("The Accept header excludes application/json (decided before anything else)", null));
		responses.addApiResponse("503", problem("Signing keys unreachable and none cached, or the database "
				+ "unreachable (type …:unavailable, nothing decided) or lost while a transfer was committed "
				+ "(…:outcome-unknown: retry with the same Idempotency-Key to learn the outcome); see Retry-After", null));
		if (stepUp) {
			responses.addApiResponse("409", problem("The first request with this Idempotency-Key is still running", null));
			responses.addApiResponse("413", problem("Body over the size limit", null));
			responses.addApiResponse("415",
					problem("Body not application/json or application/*+json; nothing is read or decided", null));
			responses.addApiResponse("422",
					problem("Insufficient funds (the transfer is recorded as declined), or an Idempotency-Key reused "
							+ "with another body", null));
		}
		operation.setResponses(responses);
	}

	private static ApiResponse problem(String description, String challenge) {
		ApiResponse response = new ApiResponse().description(description)
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new ObjectSchema().$ref("#/components/schemas/Problem"))));
		if (challenge != null) {
			response.addHeaderObject("WWW-Authenticate",
					new Header().description("Bearer challenge, e.g. " + challenge).schema(new StringSchema()));
		}
		return response;
	}

}
