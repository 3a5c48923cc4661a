package dev.stepup.bank.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * DPoP proofs (RFC 9449) as a client, or an attacker, writes them. The header
 * and claims are plain maps signed by hand, so a test can send what no
 * library would build: {@code alg} none, a private {@code jwk}, a wrong
 * {@code typ}. Every method returns a copy.
 */
public final class DPoPProof {

	private final JWK signingKey;

	private final String alg;

	private final Map<String, Object> header;

	private final Map<String, Object> claims;

	private DPoPProof(JWK signingKey, String alg, Map<String, Object> header, Map<String, Object> claims) {
		this.signingKey = signingKey;
		this.alg = alg;
		this.header = header;
		this.claims = claims;
	}

	public static ECKey newKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A valid ES256 proof for this call with this token. */
	public static DPoPProof of(ECKey key, String method, String uri, String accessToken) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("typ", "dpop+jwt");
		header.put("alg", "ES256");
		header.put("jwk", key.toPublicJWK().toJSONObject());
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("htm", method);
		claims.put("htu", uri);
		claims.put("iat", Instant.now().getEpochSecond());
		if (accessToken != null) {
			claims.put("ath", ath(accessToken));
		}
		return new DPoPProof(key, "ES256", header, claims);
	}

	/** The token binding a proof by this key must match: {@code {"jkt": thumbprint}}. */
	public static Map<String, Object> cnf(JWK key) {
		return Map.of("jkt", thumbprint(key));
	}

	public static String thumbprint(JWK key) {
		try {
			return key.computeThumbprint("SHA-256").toString();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String ath(String accessToken) {
		try {
			return Base64URL.encode(MessageDigest.getInstance("SHA-256")
				.digest(accessToken.getBytes(StandardCharsets.US_ASCII))).toString();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public DPoPProof claim(String name, Object value) {
		Map<String, Object> copy = new LinkedHashMap<>(this.claims);
		if (value == null) {
			copy.remove(name);
		}
		else {
			copy.put(name, value);
		}
		return new DPoPProof(this.signingKey, this.alg, this.header, copy);
	}

	public DPoPProof header(Consumer<Map<String, Object>> change) {
		Map<String, Object> copy = new LinkedHashMap<>(this.header);
		change.accept(copy);
		return new DPoPProof(this.signingKey, this.alg, copy, this.claims);
	}

	/** Signed by another key and algorithm; the header's {@code jwk} and {@code alg} follow unless changed after. */
	public DPoPProof signedWith(JWK key, String alg) {
		Map<String, Object> copy = new LinkedHashMap<>(this.header);
		copy.put("alg", alg);
		if (key instanceof ECKey || key instanceof RSAKey) {
			copy.put("jwk", key.toPublicJWK().toJSONObject());
		}
		return new DPoPProof(key, alg, copy, this.claims);
	}

	public String sign() {
		String input = encode(this.header) + "." + encode(this.claims);
		if ("none".equals(this.alg)) {
			return input + ".";
		}
		try {
			JWSSigner signer = (this.signingKey instanceof ECKey ec) ? new ECDSASigner(ec)
					: (this.signingKey instanceof RSAKey rsa) ? new RSASSASigner(rsa)
							: new MACSigner(this.signingKey.toOctetSequenceKey());
			Base64URL signature = signer.sign(new JWSHeader(JWSAlgorithm.parse(this.alg)),
					input.getBytes(StandardCharsets.US_ASCII));
			return input + "." + signature;
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(Map<String, Object> json) {
		return Base64URL.encode(JSONObjectUtils.toJSONString(json)).toString();
	}

}
