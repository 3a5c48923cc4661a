package dev.stepup.bank.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9396 {@code payment_initiation} authorization details as an
 * authorization server puts them in a token, for {@link TokenMint#claim}.
 */
public final class PaymentDetails {

	private PaymentDetails() {
	}

	/** One payment on this API (locations = the test audience). */
	public static Map<String, Object> payment(String from, String to, String amount, String currency) {
		return payment(from, to, amount, currency, TokenMint.AUDIENCE);
	}

	public static Map<String, Object> payment(String from, String to, String amount, String currency,
			String location) {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("type", "payment_initiation");
		detail.put("locations", List.of(location));
		detail.put("instructedAmount", Map.of("currency", currency, "amount", amount));
		detail.put("debtorAccount", Map.of("id", from));
		detail.put("creditorAccount", Map.of("id", to));
		return detail;
	}

	/** The detail with one member replaced (or removed, with {@code null}). */
	public static Map<String, Object> with(Map<String, Object> detail, String member, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(detail);
		if (value == null) {
			copy.remove(member);
		}
		else {
			copy.put(member, value);
		}
		return copy;
	}

}
