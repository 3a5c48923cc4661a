package dev.stepup.bank.security.dpop;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bank.security.dpop.*}: which proofs are accepted, how long a proof
 * lives, where DPoP is required, and the server nonce.
 *
 * @param algorithms JWS algorithms a proof may use; asymmetric only (RFC 9449 section 4.3)
 * @param requiredForTransfers a transfer needs a DPoP-bound token and a proof; off by default
 *        because many authorization servers cannot bind tokens yet (see README)
 * @param requiredForReads balance and transfer reads need DPoP too
 * @param proofMaxAge how old a proof's {@code iat} may be; a proof from the future is allowed
 *        {@code bank.security.token.clock-skew}
 * @param maxProofSize longer {@code DPoP} headers are refused before parsing
 * @param replay the record of proofs already used
 * @param nonce server nonces
 */
@ConfigurationProperties("bank.security.dpop")
@Validated
public record DPoPProperties(@NotEmpty @DefaultValue({ "ES256", "PS256" }) List<String> algorithms,
		@DefaultValue("false") boolean requiredForTransfers, @DefaultValue("false") boolean requiredForReads,
		@NotNull @DefaultValue("60s") Duration proofMaxAge, @NotNull @DefaultValue("4KB") DataSize maxProofSize,
		@Valid @DefaultValue Replay replay, @Valid @DefaultValue Nonce nonce) {

	static final Set<String> SUPPORTED = Set.of("ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256",
			"RS384", "RS512");

	public DPoPProperties {
		algorithms = List.copyOf(algorithms);
		for (String algorithm : algorithms) {
			if (!SUPPORTED.contains(algorithm)) {
				throw new IllegalArgumentException("bank.security.dpop.algorithms: " + algorithm
						+ " is not an asymmetric JWS algorithm this API verifies; use one of " + SUPPORTED);
			}
		}
		if (proofMaxAge.isNegative() || proofMaxAge.isZero() || proofMaxAge.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalArgumentException("bank.security.dpop.proof-max-age must be between 1s and 10m");
		}
		if (maxProofSize.toBytes() < 512 || maxProofSize.toBytes() > 16 * 1024) {
			throw new IllegalArgumentException("bank.security.dpop.max-proof-size must be between 512B and 16KB");
		}
	}

	/** The space-separated list sent as {@code algs} in DPoP challenges. */
	public String algs() {
		return String.join(" ", this.algorithms);
	}

	/**
	 * Used proofs: the Caffeine cache in front of the {@code dpop_proofs} table.
	 *
	 * @param cacheSize entries in the used-proof cache in front of {@code dpop_proofs}
	 * @param purgeInterval how often expired rows leave {@code dpop_proofs}
	 */
	public record Replay(@Min(1) @Max(10_000_000) @DefaultValue("100000") int cacheSize,
			@NotNull @DefaultValue("10m") Duration purgeInterval) {
	}

	/**
	 * Server nonces (RFC 9449 section 9): an HMAC of the time window and the
	 * client's key thumbprint under a secret every instance shares, so any
	 * instance accepts any instance's nonce without shared state. A nonce is
	 * accepted in its own window and the next, so it lives between one and two
	 * {@code lifetime}s.
	 *
	 * @param enabled require server nonces in proofs
	 * @param secret HMAC key of the nonces, at least 32 characters, the same on every instance (required
	 *        when enabled; never logged)
	 * @param lifetime nonce rotation window (10s–1h); the previous window is still accepted
	 */
	public record Nonce(@DefaultValue("false") boolean enabled, @DefaultValue("") String secret,
			@NotNull @DefaultValue("5m") Duration lifetime) {

		public Nonce {
			if (enabled && (secret == null || secret.length() < 32)) {
				throw new IllegalArgumentException(
						"bank.security.dpop.nonce.secret must be at least 32 characters, the same on every instance");
			}
			if (lifetime.compareTo(Duration.ofSeconds(10)) < 0 || lifetime.compareTo(Duration.ofHours(1)) > 0) {
				throw new IllegalArgumentException("bank.security.dpop.nonce.lifetime must be between 10s and 1h");
			}
		}

		@Override
		public String toString() {
			return "Nonce[enabled=" + this.enabled + ", lifetime=" + this.lifetime + "]";
		}

	}

}
