package dev.stepup.bank.security.stepup;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.stepup.bank.security.SecurityProperties;

import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.stereotype.Component;

/**
 * Reads the RFC 9396 {@code authorization_details} claim of a transfer token
 * into the payments it authorizes here, under
 * {@code bank.security.step-up.authorization-details}. Anything it cannot read
 * with certainty is {@link MalformedAuthorizationDetails}: a detail that says
 * more than this API can enforce must not be read as saying less.
 */
@Component
public class PaymentBinding {

	static final String CLAIM = "authorization_details";

	private static final Set<String> MEMBERS = Set.of("type", "locations", "instructedAmount", "debtorAccount",
			"creditorAccount", "creditorName", "remittanceInformationUnstructured");

	private static final Pattern ACCOUNT_ID = Pattern.compile(PaymentInitiation.ACCOUNT_ID);

	private static final Pattern CURRENCY = Pattern.compile(PaymentInitiation.CURRENCY);

	private static final Pattern DECIMAL = Pattern.compile(PaymentInitiation.AMOUNT);

	private static final int MAX_DETAILS = 16;

	private final AuthorizationDetailsMode mode;

	private final List<String> audiences;

	PaymentBinding(SecurityProperties properties, OAuth2ResourceServerProperties resourceServer) {
		this.mode = properties.stepUp().authorizationDetails();
		this.audiences = List.copyOf(resourceServer.getJwt().getAudiences());
	}

	public AuthorizationDetailsMode mode() {
		return this.mode;
	}

	/**
	 * The payments the token authorizes on this API; empty when it is not bound
	 * (no details, or the mode is off).
	 * @throws MalformedAuthorizationDetails when the claim cannot be read with certainty
	 */
	public List<PaymentInitiation> payments(Object claim) {
		if (this.mode == AuthorizationDetailsMode.OFF || claim == null) {
			return List.of();
		}
		if (!(claim instanceof List<?> details)) {
			throw malformed("authorization_details must be an array");
		}
		if (details.size() > MAX_DETAILS) {
			throw malformed("authorization_details has more than " + MAX_DETAILS + " entries");
		}
		List<PaymentInitiation> payments = new ArrayList<>();
		boolean foreignPayment = false;
		for (Object element : details) {
			if (!(element instanceof Map<?, ?> detail) || !(detail.get("type") instanceof String type)) {
				throw malformed("each authorization detail must be an object with a string type");
			}
			if (!PaymentInitiation.TYPE.equals(type)) {
				if (this.mode == AuthorizationDetailsMode.REQUIRED) {
					throw malformed("authorization detail type '" + printable(type) + "' is not supported");
				}
				continue;
			}
			if (!namesThisApi(detail.get("locations"))) {
				foreignPayment = true;
				continue;
			}
			payments.add(payment(detail));
		}
		if (payments.isEmpty() && foreignPayment) {
			throw malformed("no payment_initiation detail names this API in its locations");
		}
		return List.copyOf(payments);
	}

	/**
	 * Refuses a transfer the token does not authorize: bound to other payments,
	 * or unbound while binding is required.
	 */
	public void requireAuthorizes(List<PaymentInitiation> payments, String from, String to, String currency,
			BigDecimal amount) {
		if (payments.isEmpty()) {
			if (this.mode == AuthorizationDetailsMode.REQUIRED) {
				throw PaymentNotAuthorized.missing();
			}
			return;
		}
		if (payments.stream().noneMatch((payment) -> payment.authorizes(from, to, currency, amount))) {
			throw PaymentNotAuthorized.mismatch();
		}
	}

	private PaymentInitiation payment(Map<?, ?> detail) {
		for (Object member : detail.keySet()) {
			if (!MEMBERS.contains(member)) {
				throw malformed("payment_initiation member '" + printable(String.valueOf(member))
						+ "' is not supported");
			}
		}
		Map<?, ?> instructed = object(detail, "instructedAmount", Set.of("currency", "amount"));
		String currency = text(instructed, "instructedAmount.currency", CURRENCY);
		String amount = text(instructed, "instructedAmount.amount", DECIMAL);
		BigDecimal value = new BigDecimal(amount);
		if (value.signum() <= 0) {
			throw malformed("instructedAmount.amount must be greater than zero");
		}
		String debtor = text(object(detail, "debtorAccount", Set.of("id")), "debtorAccount.id", ACCOUNT_ID);
		String creditor = text(object(detail, "creditorAccount", Set.of("id")), "creditorAccount.id", ACCOUNT_ID);
		for (String descriptive : new String[] { "creditorName", "remittanceInformationUnstructured" }) {
			Object words = detail.get(descriptive);
			if (words != null && !(words instanceof String)) {
				throw malformed(descriptive + " must be a string");
			}
		}
		return new PaymentInitiation(debtor, creditor, currency, value);
	}

	/** Absent locations means "wherever the token is accepted" (RFC 9396 §2.2): the audience already said that. */
	private boolean namesThisApi(Object locations) {
		if (locations == null) {
			return true;
		}
		if (!(locations instanceof Collection<?> list) || list.isEmpty()
				|| !list.stream().allMatch(String.class::isInstance)) {
			throw malformed("locations must be a non-empty array of strings");
		}
		return list.stream().anyMatch(this.audiences::contains);
	}

	private static Map<?, ?> object(Map<?, ?> detail, String name, Set<String> members) {
		if (!(detail.get(name) instanceof Map<?, ?> value)) {
			throw malformed(name + " must be an object");
		}
		if (!members.containsAll(value.keySet())) {
			throw malformed(name + " may only have " + String.join(", ", members.stream().sorted().toList()));
		}
		return value;
	}

	private static String text(Map<?, ?> object, String path, Pattern pattern) {
		Object value = object.get(path.substring(path.indexOf('.') + 1));
		if (!(value instanceof String text) || !pattern.matcher(text).matches()) {
			throw malformed(path + " is missing or not valid");
		}
		return text;
	}

	private static String printable(String value) {
		String cut = value.length() > 40 ? value.substring(0, 40) : value;
		return cut.replaceAll("[^\\x20-\\x7E]", "?");
	}

	private static MalformedAuthorizationDetails malformed(String description) {
		return new MalformedAuthorizationDetails(description);
	}

	/** The claim cannot be read with certainty: the token is refused as invalid_token. */
	public static class MalformedAuthorizationDetails extends RuntimeException {

		MalformedAuthorizationDetails(String description) {
			super(description);
		}

	}

}
