package dev.stepup.bank.audit;

import java.util.List;
import java.util.Map;

import dev.stepup.bank.support.Api;
import dev.stepup.bank.support.ApiIntegrationTest;
import dev.stepup.bank.support.ApiTestSupport;
import dev.stepup.bank.support.Bank.Customer;
import dev.stepup.bank.support.TokenMint;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code bank.audit} trail as the platform reads it: one JSON (ECS) event per decision, never a token. */
@ApiIntegrationTest
@TestPropertySource(properties = "logging.structured.format.console=ecs")
@ExtendWith(OutputCaptureExtension.class)
class AuditTrailIntegrationTests extends ApiTestSupport {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MeterRegistry meters;

	@Test
	void transferWhenDecidedThenOneAuditEventInJsonWithoutTheToken(CapturedOutput output) {
		Customer alice = this.bank.newCustomer("100.00");
		Customer bob = this.bank.newCustomer("0.00");
		String token = TokenMint.transfer(alice.subject()).sign();
		double completedBefore = this.meters.counter("bank.transfers", "outcome", "completed").count();

		Api.Response done = this.api.transfer(token, Api.transferBody(alice.account(), bob.account(), "12.50"),
				Map.of("X-Request-Id", "req-audit-1"));

		assertThat(done.status()).isEqualTo(201);
		assertThat(done.header("X-Request-Id")).isEqualTo("req-audit-1");
		String id = done.json().get("id").asString();
		List<JsonNode> events = auditEvents(output, "transfer.decided", id);
		assertThat(events).hasSize(1);
		JsonNode event = events.get(0);
		assertThat(text(event, "subject")).isEqualTo(alice.subject());
		assertThat(text(event, "client_id")).isEqualTo("bank-web");
		assertThat(text(event, "from_account")).isEqualTo(alice.account());
		assertThat(text(event, "to_account")).isEqualTo(bob.account());
		assertThat(text(event, "amount")).isEqualTo("12.50");
		assertThat(text(event, "outcome")).isEqualTo("completed");
		assertThat(text(event, "request_id")).isEqualTo("req-audit-1");
		assertThat(text(event, "jti_hash")).hasSize(16);
		assertThat(output.getAll()).doesNotContain(token).doesNotContain(token.split("\\.")[2]);
		assertThat(this.meters.counter("bank.transfers", "outcome", "completed").count())
			.isEqualTo(completedBefore + 1);
	}

	@Test
	void stepUpRefusalWhenNoMfaThenAuditEventWithoutTheToken(CapturedOutput output) {
		Customer alice = this.bank.newCustomer("100.00");
		Customer bob = this.bank.newCustomer("0.00");
		String token = TokenMint.balance(alice.subject()).sign();

		Api.Response refused = this.api.transfer(token, Api.transferBody(alice.account(), bob.account(), "1.00"));

		assertThat(refused.status()).isEqualTo(403);
		List<JsonNode> events = auditEvents(output, "stepup.refused", alice.subject());
		assertThat(events).hasSize(1);
		assertThat(text(events.get(0), "reason")).isEqualTo("insufficient_scope");
		assertThat(output.getAll()).doesNotContain(token);
	}

	/** The JSON audit events of one type that mention {@code needle}. */
	private static List<JsonNode> auditEvents(CapturedOutput output, String type, String needle) {
		return output.getOut()
			.lines()
			.filter((line) -> line.startsWith("{") && line.contains(needle))
			.map(JSON::readTree)
			.filter((event) -> type.equals(text(event, "event")))
			.toList();
	}

	private static String text(JsonNode event, String field) {
		JsonNode value = event.get(field);
		return value == null ? null : value.asString();
	}

}
