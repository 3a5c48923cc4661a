package dev.stepup.bank.security.stepup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.stream.Collectors;

import dev.stepup.bank.security.SecurityProperties;
import dev.stepup.bank.security.TokenHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Under {@code bank.security.step-up.one-transfer-per-authentication}: the
 * authentication event itself (issuer, subject, auth_time, and the payments
 * approved with it) moves money once, whatever number of tokens the
 * authorization server issues from it (a refresh gives a new jti and the same
 * auth_time). Spent in the transfer's transaction, so the database's primary
 * key decides between instances; a row is useless once its auth_time is older
 * than the step-up max-age, and is purged then.
 */
@Component
public class SpentAuthentications {

	private static final Logger log = LoggerFactory.getLogger(SpentAuthentications.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final PaymentBinding binding;

	private final SecurityProperties.StepUp stepUp;

	private final Duration clockSkew;

	SpentAuthentications(JdbcClient jdbc, Clock clock, PaymentBinding binding, SecurityProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.binding = binding;
		this.stepUp = properties.stepUp();
		this.clockSkew = properties.token().clockSkew();
	}

	public boolean enabled() {
		return this.stepUp.oneTransferPerAuthentication();
	}

	/**
	 * Records the event inside the transaction that decides the transfer; a second
	 * transfer from the same event violates the primary key and rolls back.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void spend(TransferToken token, String transferId) {
		if (!enabled()) {
			return;
		}
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				INSERT INTO spent_authentications (event_hash, issuer, subject, auth_time, transfer_id, expires_at, spent_at)
				VALUES (:eventHash, :issuer, :subject, :authTime, :transferId, :expiresAt, :spentAt)""")
			.param("eventHash", eventHash(token))
			.param("issuer", token.issuer())
			.param("subject", token.subject())
			.param("authTime", utc(token.authTime()))
			.param("transferId", transferId)
			.param("expiresAt", utc(token.authTime().plus(this.stepUp.maxAge()).plus(this.clockSkew)))
			.param("spentAt", utc(now))
			.update();
	}

	/** Whether another transfer has already spent this token's authentication event. */
	public boolean isSpent(TransferToken token) {
		return enabled() && this.jdbc.sql("SELECT COUNT(*) FROM spent_authentications WHERE event_hash = :eventHash")
			.param("eventHash", eventHash(token))
			.query(Long.class)
			.single() > 0;
	}

	/** The refusal for a token whose authentication has already moved money. */
	public AuthenticationAlreadyUsed refusal() {
		return new AuthenticationAlreadyUsed(String.join(" ", this.stepUp.acceptedAcr()));
	}

	/** A token whose auth_time is older than max-age cannot move money, so neither can its event. */
	public void purgeExpired() {
		int purged = this.jdbc.sql("DELETE FROM spent_authentications WHERE expires_at < :cutoff")
			.param("cutoff", utc(this.clock.instant()))
			.update();
		if (purged > 0) {
			log.info("spent authentications purged: count={}", purged);
		}
	}

	private String eventHash(TransferToken token) {
		String payments = this.binding.payments(token.authorizationDetails())
			.stream()
			.map(PaymentInitiation::canonical)
			.sorted()
			.collect(Collectors.joining("\n"));
		return TokenHash.sha256Hex(token.issuer() + '\n' + token.subject() + '\n' + token.authTime().getEpochSecond()
				+ '\n' + payments);
	}

	private static OffsetDateTime utc(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

}
