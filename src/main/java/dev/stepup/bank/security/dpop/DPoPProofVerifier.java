package dev.stepup.bank.security.dpop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.stepup.bank.security.CompactJws;
import dev.stepup.bank.security.TokenHash;

/**
 * The checks of RFC 9449 section 4.3 on one {@code DPoP} header, in two steps:
 * {@link #parse} (size, structure, {@code typ}, {@code alg} from the
 * allow-list, a public {@code jwk} fit for the algorithm, the signature) and
 * {@link #check} (claims against the request, the token's {@code ath} and
 * {@code cnf.jkt}, the nonce, and single use). Every failure is a
 * {@link DPoPRefusal} with its own cause; nothing here throws anything else.
 */
final class DPoPProofVerifier {

	static final String TYPE = "dpop+jwt";

	private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

	private static final int MAX_JTI_LENGTH = 255;

	private static final int MIN_RSA_BITS = 2048;

	private final DPoPProperties properties;

	private final Duration clockSkew;

	private final DPoPNonces nonces;

	private final UsedProofs used;

	private final Clock clock;

	DPoPProofVerifier(DPoPProperties properties, Duration clockSkew, DPoPNonces nonces, UsedProofs used,
			Clock clock) {
		this.properties = properties;
		this.clockSkew = clockSkew;
		this.nonces = nonces;
		this.used = used;
		this.clock = clock;
	}

	/** A proof whose signature is good: its key's thumbprint and its claims, not yet compared to anything. */
	record Proof(String keyThumbprint, JWTClaimsSet claims) {
	}

	Proof parse(String value) {
		if (value.length() > this.properties.maxProofSize().toBytes()) {
			throw DPoPRefusal.proof("proof_size",
					"DPoP proof is larger than " + this.properties.maxProofSize().toBytes() + " bytes");
		}
		if (!CompactJws.isCanonical(value)) {
			throw malformed();
		}
		// three parts, the header not empty: CompactJws checked that
		String[] parts = value.split("\\.", -1);
		Map<String, Object> header;
		try {
			header = JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString());
		}
		catch (ParseException | RuntimeException ex) {
			throw malformed();
		}
		if (header == null) {
			// the JSON text "null": Nimbus's parser answers null instead of refusing it
			throw malformed();
		}
		if (!TYPE.equals(header.get("typ"))) {
			throw DPoPRefusal.proof("proof_type", "DPoP proof typ must be dpop+jwt");
		}
		if (!(header.get("alg") instanceof String alg) || !this.properties.algorithms().contains(alg)) {
			throw DPoPRefusal.proof("proof_algorithm",
					"DPoP proof algorithm is not accepted; use one of " + this.properties.algs());
		}
		if (!(header.get("jwk") instanceof Map<?, ?> jwk) || jwk.keySet().stream().anyMatch(PRIVATE_MEMBERS::contains)) {
			throw DPoPRefusal.proof("proof_key", "DPoP proof must carry a public jwk");
		}
		if (header.containsKey("crit") || parts[2].isEmpty()) {
			throw malformed();
		}
		try {
			SignedJWT jwt = SignedJWT.parse(value);
			JWK key = jwt.getHeader().getJWK();
			if (key == null || key.isPrivate() || !jwt.verify(verifier(alg, key))) {
				throw DPoPRefusal.proof("proof_signature", "DPoP proof signature is invalid");
			}
			return new Proof(key.computeThumbprint("SHA-256").toString(), jwt.getJWTClaimsSet());
		}
		catch (ParseException | JOSEException | IllegalStateException ex) {
			throw malformed();
		}
	}

	/**
	 * The proof against this request and this token, then single use. The
	 * nonce is checked after everything else a client can get right on its
	 * own, and the proof is recorded as used only once every other check has
	 * passed.
	 */
	void check(Proof proof, String method, String requestUri, String accessToken, String boundThumbprint) {
		JWTClaimsSet claims = proof.claims();
		if (!(claims.getClaim("jti") instanceof String jti) || jti.isBlank() || jti.length() > MAX_JTI_LENGTH
				|| !(claims.getClaim("htm") instanceof String htm) || !(claims.getClaim("htu") instanceof String htu)
				|| !(claims.getClaim("iat") instanceof Date iat) || !(claims.getClaim("ath") instanceof String ath)) {
			throw DPoPRefusal.proof("proof_claims", "DPoP proof must carry jti, htm, htu, iat and ath");
		}
		if (!htm.equals(method)) {
			throw DPoPRefusal.proof("proof_method", "DPoP proof htm does not match the request method");
		}
		String proofUri = RequestUri.normalise(htu);
		if (proofUri == null || !proofUri.equals(requestUri)) {
			throw DPoPRefusal.proof("proof_uri", "DPoP proof htu does not match the request URI");
		}
		Instant now = this.clock.instant();
		Instant issuedAt = iat.toInstant();
		if (issuedAt.isAfter(now.plus(this.clockSkew))) {
			throw DPoPRefusal.proof("proof_in_future", "DPoP proof iat is in the future");
		}
		if (issuedAt.isBefore(now.minus(this.properties.proofMaxAge()))) {
			throw DPoPRefusal.proof("proof_too_old", "DPoP proof is older than "
					+ this.properties.proofMaxAge().toSeconds() + " seconds");
		}
		if (!MessageDigest.isEqual(ath.getBytes(StandardCharsets.US_ASCII),
				accessTokenHash(accessToken).getBytes(StandardCharsets.US_ASCII))) {
			throw DPoPRefusal.proof("proof_ath", "DPoP proof ath does not match the access token");
		}
		if (!proof.keyThumbprint().equals(boundThumbprint)) {
			throw DPoPRefusal.token("key_binding", "the access token is bound to another key than the DPoP proof's");
		}
		if (this.nonces.enabled()) {
			if (!(claims.getClaim("nonce") instanceof String nonce)) {
				throw DPoPRefusal.nonce("nonce_missing", "resource server requires nonce in DPoP proof");
			}
			if (!this.nonces.accepts(nonce, proof.keyThumbprint())) {
				throw DPoPRefusal.nonce("nonce_stale", "DPoP nonce is stale or not for this key; use the DPoP-Nonce sent");
			}
		}
		// a proof is refused as too old after this, so its row is not needed any longer
		String replay = this.used.use(proof.keyThumbprint(), jti,
				issuedAt.plus(this.properties.proofMaxAge()).plusSeconds(1));
		if (replay != null) {
			throw DPoPRefusal.proof(replay, "DPoP proof has already been used");
		}
	}

	/** {@code ath}: base64url of the SHA-256 of the access token's ASCII bytes. */
	static String accessTokenHash(String accessToken) {
		return Base64URL.encode(TokenHash.sha256(accessToken)).toString();
	}

	private static JWSVerifier verifier(String alg, JWK key) throws JOSEException {
		if (alg.startsWith("ES") && key instanceof ECKey ec && ec.getCurve().equals(curve(alg))) {
			return new ECDSAVerifier(ec);
		}
		if ((alg.startsWith("PS") || alg.startsWith("RS")) && key instanceof RSAKey rsa
				&& rsa.size() >= MIN_RSA_BITS) {
			return new RSASSAVerifier(rsa);
		}
		throw DPoPRefusal.proof("proof_key", "DPoP proof jwk does not fit its algorithm " + alg);
	}

	private static Curve curve(String alg) {
		return switch (alg) {
			case "ES256" -> Curve.P_256;
			case "ES384" -> Curve.P_384;
			default -> Curve.P_521;
		};
	}

	private static DPoPRefusal malformed() {
		return DPoPRefusal.proof("proof_malformed", "DPoP proof is malformed");
	}

}
