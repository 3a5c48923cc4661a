package dev.stepup.bank.security.token;

import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.stepup.bank.support.TokenMint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the time between the signature floor and the whole pipeline goes: the
 * steps Nimbus takes on every unseen token besides the RSA operation, each
 * alone, and the JDK's Base64 decoder beside Nimbus's for scale. Explains
 * {@link TokenValidationBenchmark}'s (b)/(a); see BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
public class TokenPartsBenchmark {

	private String token;

	private Base64URL payload;

	private String payloadJson;

	private Map<String, Object> payloadMap;

	private JWSObject parsed;

	private RSASSAVerifier verifier;

	@Setup(Level.Trial)
	public void setUp() throws ParseException, JOSEException {
		this.token = TokenMint.transfer("alice").sign();
		this.parsed = JWSObject.parse(this.token);
		this.payload = this.parsed.getParsedParts()[1];
		this.payloadJson = this.payload.decodeToString();
		this.payloadMap = JSONObjectUtils.parse(this.payloadJson);
		this.verifier = new RSASSAVerifier((RSAPublicKey) TokenMint.KEY.toPublicKey());
	}

	/** The compact serialization split and the header decoded and parsed. */
	@Benchmark
	public JWSObject parseHeader() throws ParseException {
		return JWSObject.parse(this.token);
	}

	/** The RSA verification on an already parsed token. */
	@Benchmark
	public boolean verifySignature() throws JOSEException {
		return this.parsed.verify(this.verifier);
	}

	/** Nimbus's constant-time Base64URL decoder on the payload. */
	@Benchmark
	public String payloadBase64Nimbus() {
		return this.payload.decodeToString();
	}

	/** The JDK's (intrinsic) Base64URL decoder on the same payload. */
	@Benchmark
	public String payloadBase64Jdk() {
		return new String(Base64.getUrlDecoder().decode(this.payload.toString()), StandardCharsets.UTF_8);
	}

	/** Nimbus's JSON parser (shaded Gson) on the payload. */
	@Benchmark
	public Map<String, Object> payloadJson() throws ParseException {
		return JSONObjectUtils.parse(this.payloadJson);
	}

	/** The JSON object to Nimbus's typed claims set. */
	@Benchmark
	public JWTClaimsSet claimsSet() throws ParseException {
		return JWTClaimsSet.parse(this.payloadMap);
	}

}
