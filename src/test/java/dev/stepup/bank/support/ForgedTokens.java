package dev.stepup.bank.support;

import java.nio.charset.StandardCharsets;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Tokens an attacker builds: by hand where a JOSE library would refuse to, so
 * each one reaches the API exactly as forged.
 */
public final class ForgedTokens {

	private ForgedTokens() {
	}

	/**
	 * An unsecured JWT whose header names {@code alg} in the spelling given
	 * ({@code none}, {@code None}, ...), with an empty signature part.
	 */
	public static String unsigned(String alg, JWTClaimsSet claims) {
		String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
		return encode(header) + '.' + encode(claims.toString()) + '.';
	}

	/**
	 * HS256 keyed with the bytes of the API's own RSA public key (the classic
	 * algorithm confusion: a verifier that feeds whatever key it holds to the
	 * algorithm the token names would accept it).
	 */
	public static String hmacWithPublicKey(RSAKey key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new MACSigner(key.toRSAPublicKey().getEncoded()));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The token's header and signature around another payload. */
	public static String withPayload(String token, JWTClaimsSet claims) {
		String[] parts = token.split("\\.");
		return parts[0] + '.' + encode(claims.toString()) + '.' + parts[2];
	}

	/** The token's header and signature around a payload of any JSON text ({@code null}, an array, ...). */
	public static String withPayloadText(String token, String json) {
		String[] parts = token.split("\\.");
		return parts[0] + '.' + encode(json) + '.' + parts[2];
	}

	/**
	 * An RS256 JWS under the key's kid whose payload is any JSON text, not only
	 * an object: what a JWT library would refuse to sign as a JWT.
	 */
	public static String signedPayload(RSAKey key, String json) {
		try {
			JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					new Payload(json));
			jws.sign(new RSASSASigner(key));
			return jws.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The token with its signature part emptied. */
	public static String withoutSignature(String token) {
		return token.substring(0, token.lastIndexOf('.') + 1);
	}

	/**
	 * The same token with its signature's last character swapped for one that
	 * differs only in the bits the encoding leaves unused: lenient decoders
	 * read the same signature from it.
	 */
	public static String withNonCanonicalSignatureEnding(String token) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		int last = alphabet.indexOf(token.charAt(token.length() - 1));
		return token.substring(0, token.length() - 1) + alphabet.charAt(last ^ 1);
	}

	private static String encode(String json) {
		return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
	}

}
