package dev.stepup.bank.security;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.stepup.bank.audit.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Every refused token, reported once: a log line, the
 * {@code bank.tokens.refused} counter tagged with the RFC error code and a
 * low-cardinality cause, and, for refusals of the step-up rule, the
 * {@code bank.stepup.challenges} counter and an audit event. Only the
 * subject, client id and a hash of the jti are ever written.
 */
@Component
public class TokenRefusals {

	public static final String REPLAY = "replay";

	private static final Logger log = LoggerFactory.getLogger(TokenRefusals.class);

	private final MeterRegistry meters;

	private final AuditLog audit;

	TokenRefusals(MeterRegistry meters, AuditLog audit) {
		this.meters = meters;
		this.audit = audit;
	}

	/**
	 * @param reason the RFC 6750/9470 error code, or {@code replay}
	 * @param cause a short label from a fixed set (expired, audience, mfa_required, ...)
	 * @param detail the error description sent to the client (never token material)
	 * @param who the token's identity, when the token could be read at all
	 * @param stepUp whether this refusal is the step-up rule speaking (a front-end may step up)
	 */
	public void refused(String reason, String cause, String detail, Who who, boolean stepUp, String method,
			String path) {
		counter("bank.tokens.refused", "reason", reason, "cause", cause).increment();
		log.info("token refused: reason={} cause={} detail=\"{}\" subject={} client={} jti={} method={} path={}",
				reason, cause, detail, who.subject(), who.clientId(), who.jtiHash(), method, path);
		if (stepUp) {
			counter("bank.stepup.challenges", "error", reason).increment();
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("outcome", "refused");
			fields.put("reason", reason);
			fields.put("cause", cause);
			fields.put("subject", who.subject());
			fields.put("client_id", who.clientId());
			fields.put("jti_hash", who.jtiHash());
			fields.put("method", method);
			fields.put("path", path);
			this.audit.event("stepup.refused", "step-up refusal", fields);
		}
	}

	private Counter counter(String name, String... tags) {
		return Counter.builder(name).tags(tags).register(this.meters);
	}

	/** Who presented the token, as far as logs may say: never the token itself. */
	public record Who(String subject, String clientId, String jtiHash) {

		public static final Who UNKNOWN = new Who(null, null, null);

		public static Who of(String subject, String clientId, String jti) {
			return new Who(subject, clientId, jti == null ? null : TokenHash.of(jti));
		}

	}

}
