package dev.stepup.bank.transfer;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.stepup.bank.audit.AuditLog;
import dev.stepup.bank.security.TokenRefusals;
import dev.stepup.bank.security.stepup.StepUpRefusal;
import dev.stepup.bank.security.stepup.TransferToken;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Reports each transfer decision once: the {@code bank.transfers} counter by
 * outcome, the {@code bank.transfers.amount} summary of money moved, and an
 * audit event with who, through which client, which accounts and how much.
 */
@Component
class TransferOutcomes {

	private final MeterRegistry meters;

	private final AuditLog audit;

	private final TokenRefusals refusals;

	TransferOutcomes(MeterRegistry meters, AuditLog audit, TokenRefusals refusals) {
		this.meters = meters;
		this.audit = audit;
		this.refusals = refusals;
	}

	void decided(Transfer transfer, TransferToken token) {
		String outcome = transfer.status().dbValue();
		Counter.builder("bank.transfers").tag("outcome", outcome).register(this.meters).increment();
		String currency = transfer.amount().currency().getCurrencyCode();
		if (transfer.status() == TransferStatus.COMPLETED) {
			DistributionSummary.builder("bank.transfers.amount")
				.baseUnit(currency)
				.tag("currency", currency)
				.register(this.meters)
				.record(transfer.amount().amount().doubleValue());
		}
		Map<String, Object> fields = fields(outcome, transfer, token);
		fields.put("from_account", transfer.from());
		fields.put("to_account", transfer.to());
		fields.put("amount", transfer.amount().toPlainString());
		fields.put("currency", currency);
		this.audit.event("transfer.decided", "transfer decided", fields);
	}

	/**
	 * The commit of a decided transfer failed: whether it happened is known only
	 * to the database. The audit event lets operations reconcile it with the
	 * retry that follows.
	 */
	void unknown(Transfer transfer, TransferToken token) {
		Map<String, Object> fields = fields("unknown", transfer, token);
		fields.put("idempotency_key_present", transfer.idempotencyKey() != null);
		this.audit.event("transfer.outcome_unknown", "transfer commit failed, outcome unknown", fields);
	}

	private static Map<String, Object> fields(String outcome, Transfer transfer, TransferToken token) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("outcome", outcome);
		fields.put("transfer_id", transfer.id());
		token.identity().addTo(fields);
		return fields;
	}

	void stepUpRefused(TransferToken token, StepUpRefusal refusal) {
		this.refusals.stepUpRefused(new TokenRefusals.Refusal(refusal.challenge().error(), refusal.cause(),
				refusal.getMessage(), token.identity()), "POST", "/transfer");
	}

	void replayRefused(TransferToken token, String seenBy) {
		this.refusals.stepUpRefused(new TokenRefusals.Refusal(TokenRefusals.REPLAY, "spent_" + seenBy,
				"token has already been used", token.identity()), "POST", "/transfer");
	}

}
