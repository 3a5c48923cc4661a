package dev.stepup.bank.audit;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.LoggingEventBuilder;

import org.springframework.stereotype.Component;

/**
 * Writes audit events to the {@code bank.audit} logger as SLF4J key-value
 * pairs, which Spring Boot's structured logging
 * ({@code logging.structured.format.console=ecs|logstash}) emits as JSON
 * fields. Callers pass identifiers and hashes only: an event never holds a
 * token, a signature or a secret. Every event carries the request id.
 */
@Component
public class AuditLog {

	public static final String LOGGER = "bank.audit";

	public static final String REQUEST_ID = "requestId";

	private static final Logger audit = LoggerFactory.getLogger(LOGGER);

	public void event(String type, String message, Map<String, ?> fields) {
		LoggingEventBuilder event = audit.atInfo().setMessage(message).addKeyValue("event", type);
		String requestId = MDC.get(REQUEST_ID);
		if (requestId != null) {
			event = event.addKeyValue("request_id", requestId);
		}
		for (Map.Entry<String, ?> field : fields.entrySet()) {
			if (field.getValue() != null) {
				event = event.addKeyValue(field.getKey(), field.getValue());
			}
		}
		event.log();
	}

}
