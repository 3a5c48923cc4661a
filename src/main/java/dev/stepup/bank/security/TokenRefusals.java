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
 * Every refused token, reported once: a log line and the
 * {@code bank.tokens.refused} counter tagged with the RFC error code and a
 * low-cardinality cause; a refusal of the step-up rule also moves the
 * {@code bank.stepup.challenges} counter and is audited. Only the
 * {@link TokenIdentity} is ever written, never the token.
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

	/** A refusal by the token pipeline, the URL rules or the DPoP checks. */
	public void refused(Refusal refusal, String method, String path) {
		counter("bank.tokens.refused", "reason", refusal.reason(), "cause", refusal.cause()).increment();
		TokenIdentity who = refusal.who();
		log.info("token refused: reason={} cause={} detail=\"{}\" subject={} client={} jti={} method={} path={}",
				refusal.reason(), refusal.cause(), refusal.detail(), who.subject(), who.clientId(), who.jtiHash(),
				method, path);
	}

	/** A refusal by the step-up rule: a front-end may step the user up and try again, so it is audited. */
	public void stepUpRefused(Refusal refusal, String method, String path) {
		refused(refusal, method, path);
		counter("bank.stepup.challenges", "error", refusal.reason()).increment();
		this.audit.event("stepup.refused", "step-up refusal", refusal.auditFields(method, path));
	}

	private Counter counter(String name, String... tags) {
		return Counter.builder(name).tags(tags).register(this.meters);
	}

	/**
	 * One refusal.
	 * @param reason the RFC 6750/9470/9449 error code, or {@link #REPLAY}
	 * @param cause a short label from a fixed set (expired, audience, mfa_required, ...), never free text
	 * @param detail the error description sent to the client (never token material)
	 * @param who the token's identity, {@link TokenIdentity#UNKNOWN} when the token could not be read
	 */
	public record Refusal(String reason, String cause, String detail, TokenIdentity who) {

		/** The fields of the refusal's audit event. */
		public Map<String, Object> auditFields(String method, String path) {
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("outcome", "refused");
			fields.put("reason", this.reason);
			fields.put("cause", this.cause);
			this.who.addTo(fields);
			fields.put("method", method);
			fields.put("path", path);
			return fields;
		}

	}

}
