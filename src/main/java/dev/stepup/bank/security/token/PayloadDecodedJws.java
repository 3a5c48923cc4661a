package dev.stepup.bank.security.token;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.stepup.bank.security.NumericDate;

/** A compact JWS whose payload the JDK decodes; Nimbus parses the header and the claims. */
final class PayloadDecodedJws extends SignedJWT {

	private static final long serialVersionUID = 1L;

	/** Checked before Nimbus reads them: it would turn an out-of-range number into a wrong date. */
	private static final List<String> NUMERIC_DATES = List.of("exp", "nbf", "iat");

	/** Identifiers that must be JSON strings: Nimbus would quietly turn {@code "sub": 42} into "42". */
	private static final List<String> STRINGS = List.of("sub", "jti", "client_id", "azp");

	private transient JWTClaimsSet claims;

	private PayloadDecodedJws(Base64URL header, Base64URL payload, Base64URL signature) throws ParseException {
		super(header, payload, signature);
	}

	/** The token as a JWS, or null when it is anything else (left to Nimbus's own parser). */
	static SignedJWT ofCompact(String token) {
		int first = token.indexOf('.');
		int second = token.indexOf('.', first + 1);
		if (first <= 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
			return null;
		}
		try {
			return new PayloadDecodedJws(new Base64URL(token.substring(0, first)),
					new Base64URL(token.substring(first + 1, second)), new Base64URL(token.substring(second + 1)));
		}
		catch (ParseException notAJws) {
			return null;
		}
	}

	@Override
	public JWTClaimsSet getJWTClaimsSet() throws ParseException {
		if (this.claims == null) {
			Map<String, Object> json = JSONObjectUtils.parse(payloadJson());
			if (json == null) {
				// the JSON text "null": Nimbus's parser answers null instead of refusing it
				throw new ParseException("the payload is not a JSON object", 0);
			}
			for (String name : NUMERIC_DATES) {
				if (json.get(name) != null && NumericDate.of(json.get(name)).isEmpty()) {
					throw new ParseException("the " + name + " claim is not a valid NumericDate", 0);
				}
			}
			for (String name : STRINGS) {
				if (json.get(name) != null && !(json.get(name) instanceof String)) {
					throw new ParseException("the " + name + " claim is not a string", 0);
				}
			}
			this.claims = JWTClaimsSet.parse(json);
		}
		return this.claims;
	}

	private String payloadJson() {
		String encoded = getParsedParts()[1].toString();
		try {
			return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException notStrictBase64url) {
			return getPayload().toString();
		}
	}

}

