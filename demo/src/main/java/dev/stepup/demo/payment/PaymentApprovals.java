package dev.stepup.demo.payment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.stepup.demo.user.DemoUsers;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.stereotype.Component;

/**
 * Reads the {@code authorization_details} parameter of an authorization request
 * (RFC 9396) into the payments it asks the customer to approve, as strictly as the
 * API reads the claim, so nothing approved here is refused there for its shape;
 * checks that the money leaves the signed-in customer's own accounts; and writes
 * the approved payments into the access token.
 */
@Component
public final class PaymentApprovals {

	/** The request parameter and token claim (RFC 9396 §2, §9.1). */
	public static final String PARAMETER = "authorization_details";

	// The API's rules (README, "What the customer approved is what moves").
	private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

	private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

	private static final Pattern AMOUNT = Pattern.compile("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,8})?");

	private static final Set<String> MEMBERS = Set.of("type", "locations", "instructedAmount", "debtorAccount",
			"creditorAccount", "creditorName", "remittanceInformationUnstructured");

	private static final int MAX_DETAILS = 16;

	private static final int MAX_PARAMETER_CHARS = 8192;

	private static final int MAX_WORDS_CHARS = 140;

	private static final Pattern WORDS = Pattern.compile("[\\p{L}\\p{N} .,'&/()-]{1," + MAX_WORDS_CHARS + "}");

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private final String resource;

	private final DemoUsers users;

	PaymentApprovals(@Value("${demo.tokens.audience}") String resource, DemoUsers users) {
		this.resource = resource;
		this.users = users;
	}

	/**
	 * The payments {@code parameter} asks to approve; empty when it is absent.
	 * @throws InvalidAuthorizationDetails when any part is not a payment this server can show and the API enforce
	 */
	public List<PaymentInitiation> read(Object parameter) {
		if (parameter == null) {
			return List.of();
		}
		if (!(parameter instanceof String text)) {
			throw invalid("authorization_details must be sent once");
		}
		if (text.length() > MAX_PARAMETER_CHARS) {
			throw invalid("authorization_details is longer than " + MAX_PARAMETER_CHARS + " characters");
		}
		JsonNode details;
		try {
			details = JSON.readTree(text);
		}
		catch (JacksonException ex) {
			throw invalid("authorization_details is not JSON");
		}
		if (details == null || !details.isArray() || details.isEmpty()) {
			throw invalid("authorization_details must be a non-empty JSON array");
		}
		if (details.size() > MAX_DETAILS) {
			throw invalid("authorization_details has more than " + MAX_DETAILS + " entries");
		}
		List<PaymentInitiation> payments = new ArrayList<>();
		for (JsonNode detail : details) {
			payments.add(payment(detail));
		}
		return List.copyOf(payments);
	}

	/** The details an authorization carries from its request: the authorization code and device grants. */
	public static Optional<Object> requestedIn(OAuth2Authorization authorization) {
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		if (request != null) {
			return Optional.ofNullable(request.getAdditionalParameters().get(PARAMETER));
		}
		return Optional.ofNullable(authorization.getAttribute(PARAMETER));
	}

	/**
	 * @throws InvalidAuthorizationDetails when a payment would leave an account that is not {@code username}'s
	 */
	public void requireOwnedBy(String username, List<PaymentInitiation> payments) {
		List<String> accounts = this.users.find(username).map((user) -> user.accounts()).orElse(List.of());
		for (PaymentInitiation payment : payments) {
			if (!accounts.contains(payment.debtorAccount())) {
				throw invalid("debtorAccount " + payment.debtorAccount() + " is not an account of the signed-in customer");
			}
		}
	}

	/** The {@code authorization_details} claim for the approved {@code payments}, each naming the API. */
	public List<Map<String, Object>> claim(List<PaymentInitiation> payments) {
		return payments.stream().map((payment) -> payment.claim(this.resource)).toList();
	}

	private PaymentInitiation payment(JsonNode detail) {
		if (!detail.isObject() || !detail.path("type").isString()) {
			throw invalid("each authorization detail must be an object with a string type");
		}
		String type = detail.get("type").stringValue();
		if (!PaymentInitiation.TYPE.equals(type)) {
			throw invalid("authorization detail type '" + printable(type) + "' is not supported (only "
					+ PaymentInitiation.TYPE + ")");
		}
		for (String member : detail.propertyNames()) {
			if (!MEMBERS.contains(member)) {
				throw invalid("payment_initiation member '" + printable(member) + "' is not supported");
			}
		}
		requireThisApi(detail.get("locations"));
		JsonNode instructed = object(detail, "instructedAmount", Set.of("currency", "amount"));
		String currency = text(instructed, "instructedAmount", "currency", CURRENCY);
		BigDecimal amount = new BigDecimal(text(instructed, "instructedAmount", "amount", AMOUNT));
		if (amount.signum() <= 0) {
			throw invalid("instructedAmount.amount must be greater than zero");
		}
		String debtor = text(object(detail, "debtorAccount", Set.of("id")), "debtorAccount", "id", ACCOUNT_ID);
		String creditor = text(object(detail, "creditorAccount", Set.of("id")), "creditorAccount", "id", ACCOUNT_ID);
		if (debtor.equals(creditor)) {
			throw invalid("debtorAccount and creditorAccount must differ");
		}
		descriptive(detail, "remittanceInformationUnstructured");
		return new PaymentInitiation(debtor, creditor, currencyOf(currency), amount,
				descriptive(detail, "creditorName"));
	}

	// A detail naming another resource is not for the one API this server issues tokens to.
	private void requireThisApi(JsonNode locations) {
		if (locations == null) {
			return;
		}
		if (!locations.isArray() || locations.isEmpty()) {
			throw invalid("locations must be a non-empty array");
		}
		for (JsonNode location : locations) {
			if (!location.isString() || !this.resource.equals(location.stringValue())) {
				throw invalid("locations may only name " + this.resource);
			}
		}
	}

	private static JsonNode object(JsonNode detail, String name, Set<String> members) {
		JsonNode value = detail.get(name);
		if (value == null || !value.isObject()) {
			throw invalid(name + " must be an object");
		}
		if (!members.containsAll(value.propertyNames())) {
			throw invalid(name + " may only have " + String.join(", ", members.stream().sorted().toList()));
		}
		return value;
	}

	private static String text(JsonNode object, String objectName, String name, Pattern pattern) {
		JsonNode value = object.get(name);
		if (value == null || !value.isString() || !pattern.matcher(value.stringValue()).matches()) {
			throw invalid(objectName + "." + name + " is missing or not valid"
					+ (name.equals("amount") ? " (a decimal string such as \"25.00\")" : ""));
		}
		return value.stringValue();
	}

	private static Currency currencyOf(String code) {
		try {
			return Currency.getInstance(code);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("instructedAmount.currency " + code + " is not an ISO 4217 currency");
		}
	}

	// Shown to the customer beside the account ids, so only plain words.
	private static String descriptive(JsonNode detail, String name) {
		JsonNode value = detail.get(name);
		if (value == null) {
			return null;
		}
		if (!value.isString() || !WORDS.matcher(value.stringValue()).matches()) {
			throw invalid(name + " must be a string of at most " + MAX_WORDS_CHARS
					+ " letters, digits, spaces and simple punctuation");
		}
		return value.stringValue();
	}

	private static String printable(String value) {
		String cut = value.length() > 40 ? value.substring(0, 40) : value;
		return cut.replaceAll("[^\\x20-\\x7E]", "?");
	}

	private static InvalidAuthorizationDetails invalid(String description) {
		return new InvalidAuthorizationDetails(description);
	}

}
