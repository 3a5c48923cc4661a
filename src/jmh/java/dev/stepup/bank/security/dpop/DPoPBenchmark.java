package dev.stepup.bank.security.dpop;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.stepup.bank.support.DPoPProof;
import dev.stepup.bank.support.TokenMint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StreamUtils;
import org.springframework.util.unit.DataSize;

/**
 * What DPoP adds to a request, in its two parts:
 * <ul>
 * <li>{@code a_verifyEs256Proof} / {@code b_verifyPs256Proof}: {@link DPoPProofVerifier#parse}
 * on a realistic proof (size bound, header, alg allow-list, public jwk, signature,
 * thumbprint), ES256 with a P-256 key, PS256 with RSA-2048;</li>
 * <li>{@code c_recordNewProof}: {@link UsedProofs#use} of a proof never seen
 * (a cache miss and the committed INSERT into {@code dpop_proofs}) on H2 in
 * memory or PostgreSQL ({@code -p db=postgres}, needs {@code BANK_TEST_POSTGRES_URL});</li>
 * <li>{@code d_refuseReplayFromCache}: the same for a proof this instance has
 * already seen (a Caffeine hit, no database).</li>
 * </ul>
 * The claims checks between the two (htm, htu, iat, ath, cnf.jkt) are string
 * compares and one SHA-256 of the token.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DPoPBenchmark {

	@Param({ "h2" })
	String db;

	private DPoPProofVerifier verifier;

	private UsedProofs used;

	private String es256Proof;

	private String ps256Proof;

	private final AtomicLong jtis = new AtomicLong();

	private final String thumbprint = DPoPProof.thumbprint(DPoPProof.newKey());

	private Connection connection;

	private String schema;

	@Setup
	public void setUp() throws Exception {
		DPoPProperties properties = new DPoPProperties(List.of("ES256", "PS256"), false, false, Duration.ofSeconds(60),
				DataSize.ofKilobytes(4), new DPoPProperties.Replay(100_000, Duration.ofMinutes(10)),
				new DPoPProperties.Nonce(false, "", Duration.ofMinutes(5)));
		this.connection = connect();
		String ddl = StreamUtils.copyToString(getClass().getResourceAsStream("/db/migration/V6__dpop_proofs.sql"),
				StandardCharsets.UTF_8);
		try (Statement statement = this.connection.createStatement()) {
			for (String sql : ddl.replaceAll("(?m)^--.*$", "").split(";")) {
				if (!sql.isBlank()) {
					statement.execute(sql);
				}
			}
		}
		JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(this.connection, true));
		Clock clock = Clock.systemUTC();
		this.used = new UsedProofs(jdbc, clock, properties, new SimpleMeterRegistry());
		this.verifier = new DPoPProofVerifier(properties, Duration.ofSeconds(30),
				new DPoPNonces(properties.nonce(), clock), this.used, clock);
		String token = TokenMint.transfer("bench").sign();
		ECKey ec = DPoPProof.newKey();
		this.es256Proof = DPoPProof.of(ec, "POST", "https://bank.example/transfer", token).sign();
		RSAKey rsa = TokenMint.generate("bench-dpop");
		this.ps256Proof = DPoPProof.of(ec, "POST", "https://bank.example/transfer", token).signedWith(rsa, "PS256").sign();
		this.used.use(this.thumbprint, "seen", Instant.now().plusSeconds(3600));
	}

	private Connection connect() throws Exception {
		if (this.db.equals("postgres")) {
			String url = System.getenv("BANK_TEST_POSTGRES_URL");
			if (url == null) {
				throw new IllegalStateException("-p db=postgres needs BANK_TEST_POSTGRES_URL");
			}
			this.schema = "bench_dpop_" + UUID.randomUUID().toString().replace("-", "");
			Connection connection = DriverManager.getConnection(url);
			try (Statement statement = connection.createStatement()) {
				statement.execute("CREATE SCHEMA " + this.schema);
				statement.execute("SET search_path TO " + this.schema);
			}
			return connection;
		}
		return DriverManager.getConnection("jdbc:h2:mem:dpop-bench;DB_CLOSE_DELAY=-1");
	}

	@TearDown
	public void tearDown() throws Exception {
		if (this.schema != null) {
			try (Statement statement = this.connection.createStatement()) {
				statement.execute("DROP SCHEMA " + this.schema + " CASCADE");
			}
		}
		this.connection.close();
	}

	@Benchmark
	public DPoPProofVerifier.Proof a_verifyEs256Proof() {
		return this.verifier.parse(this.es256Proof);
	}

	@Benchmark
	public DPoPProofVerifier.Proof b_verifyPs256Proof() {
		return this.verifier.parse(this.ps256Proof);
	}

	@Benchmark
	public String c_recordNewProof() {
		return this.used.use(this.thumbprint, Long.toString(this.jtis.incrementAndGet()),
				Instant.now().plusSeconds(61));
	}

	@Benchmark
	public String d_refuseReplayFromCache() {
		return this.used.use(this.thumbprint, "seen", Instant.now().plusSeconds(3600));
	}

}
