import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * DPoP proofs (RFC 9449) for curl, with nothing but a JDK 17:
 *
 * <pre>
 * java demo/tools/DPoPProof.java keygen KEYFILE
 *     a new ECDSA P-256 key pair into KEYFILE (readable by you only); prints its jkt
 * java demo/tools/DPoPProof.java proof KEYFILE METHOD URL [ACCESS_TOKEN|-] [NONCE]
 *     prints one ES256 proof for METHOD URL: a fresh jti, iat now, ath when an
 *     access token is given, nonce when one is given
 * </pre>
 *
 * A proof is good for one request and about a minute; make a new one for every call.
 */
public class DPoPProof {

	private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

	public static void main(String[] args) throws Exception {
		if (args.length == 2 && args[0].equals("keygen")) {
			keygen(Path.of(args[1]));
		}
		else if ((args.length >= 4 && args.length <= 6) && args[0].equals("proof")) {
			String token = args.length >= 5 && !args[4].equals("-") ? args[4] : null;
			String nonce = args.length == 6 ? args[5] : null;
			System.out.println(proof(Path.of(args[1]), args[2], args[3], token, nonce));
		}
		else {
			System.err.println("usage: java DPoPProof.java keygen KEYFILE\n"
					+ "       java DPoPProof.java proof KEYFILE METHOD URL [ACCESS_TOKEN|-] [NONCE]");
			System.exit(2);
		}
	}

	private static void keygen(Path file) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		KeyPair pair = generator.generateKeyPair();
		Files.deleteIfExists(file);
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		Files.write(file, List.of(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()),
				Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
		System.out.println(thumbprint((ECPublicKey) pair.getPublic()));
	}

	private static String proof(Path file, String method, String url, String token, String nonce) throws Exception {
		List<String> lines = Files.readAllLines(file);
		KeyFactory keys = KeyFactory.getInstance("EC");
		PrivateKey privateKey = keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0))));
		ECPublicKey publicKey = (ECPublicKey) keys
			.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines.get(1))));
		String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + jwk(publicKey) + "}";
		StringBuilder claims = new StringBuilder("{\"jti\":\"" + UUID.randomUUID() + "\",\"htm\":\"" + json(method)
				+ "\",\"htu\":\"" + json(url) + "\",\"iat\":" + Instant.now().getEpochSecond());
		if (token != null) {
			claims.append(",\"ath\":\"").append(B64URL.encodeToString(sha256(token))).append('"');
		}
		if (nonce != null) {
			claims.append(",\"nonce\":\"").append(json(nonce)).append('"');
		}
		claims.append('}');
		String input = b64(header) + "." + b64(claims.toString());
		// JWS wants the raw r||s of ES256, which is what this JDK algorithm produces
		Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
		signer.initSign(privateKey);
		signer.update(input.getBytes(StandardCharsets.US_ASCII));
		return input + "." + B64URL.encodeToString(signer.sign());
	}

	/** The public JWK with its members in RFC 7638 order, so it is also the thumbprint input. */
	private static String jwk(ECPublicKey key) {
		return "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + coordinate(key.getW().getAffineX()) + "\",\"y\":\""
				+ coordinate(key.getW().getAffineY()) + "\"}";
	}

	private static String thumbprint(ECPublicKey key) throws Exception {
		return B64URL.encodeToString(sha256(jwk(key)));
	}

	private static String coordinate(BigInteger value) {
		byte[] bytes = value.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
		return B64URL.encodeToString(fixed);
	}

	private static byte[] sha256(String value) throws Exception {
		return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
	}

	private static String b64(String json) {
		return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String json(String value) {
		if (value.chars().anyMatch((c) -> c < 0x20 || c == '"' || c == '\\')) {
			throw new IllegalArgumentException("a quote, backslash or control character in an argument");
		}
		return value;
	}

}
