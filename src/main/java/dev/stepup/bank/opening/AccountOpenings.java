package dev.stepup.bank.opening;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.stepup.bank.account.Accounts;
import dev.stepup.bank.audit.AuditLog;
import dev.stepup.bank.ledger.Ledger;
import dev.stepup.bank.security.TokenIdentity;
import dev.stepup.bank.web.RequestFingerprint;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opens customer accounts. The account, the opening transfer from the funding
 * account and its two ledger entries commit together; the account id makes
 * the call idempotent (the same request again answers the account as it is,
 * another request for a taken id is refused), also when two arrive at once.
 */
@Service
class AccountOpenings {

	private final Accounts accounts;

	private final Openings openings;

	private final Ledger ledger;

	private final TransactionTemplate transaction;

	private final AuditLog audit;

	private final Clock clock;

	AccountOpenings(Accounts accounts, Openings openings, Ledger ledger, TransactionTemplate transaction,
			AuditLog audit, Clock clock) {
		this.accounts = accounts;
		this.openings = openings;
		this.ledger = ledger;
		this.transaction = transaction;
		this.audit = audit;
		this.clock = clock;
	}

	Opened open(OpenAccountRequest.AccountOpening opening, JwtAuthenticationToken operator) {
		OpenedAccount existing = this.openings.find(opening.id()).orElse(null);
		if (existing != null) {
			return replay(existing, opening);
		}
		this.accounts.openFundingAccountIfAbsent(opening.opening().currency().getCurrencyCode());
		OpenedAccount opened;
		try {
			opened = this.transaction.execute((status) -> openNew(opening, operator));
		}
		catch (DuplicateKeyException openedByAConcurrentRequest) {
			return replay(this.openings.find(opening.id()).orElseThrow(() -> openedByAConcurrentRequest), opening);
		}
		audit(opened, operator);
		return new Opened(opened, false);
	}

	OpenedAccount find(String id) {
		return this.openings.find(id).orElseThrow(() -> new UnknownAccountId(id));
	}

	private OpenedAccount openNew(OpenAccountRequest.AccountOpening opening, JwtAuthenticationToken operator) {
		this.accounts.openEmpty(opening.id(), opening.owner(), opening.opening().currency());
		if (!opening.opening().isZero()) {
			String transferId = UUID.randomUUID().toString();
			String requestHash = RequestFingerprint.of(opening.id(), opening.owner(), opening.opening().toPlainString(),
					opening.opening().currency().getCurrencyCode());
			this.openings.recordTransfer(transferId, opening.id(), opening.opening(), operator.getName(), requestHash,
					this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
			this.ledger.post(transferId, Accounts.fundingAccountId(opening.opening().currency().getCurrencyCode()),
					opening.id(), opening.opening());
		}
		return this.openings.find(opening.id()).orElseThrow();
	}

	private static Opened replay(OpenedAccount existing, OpenAccountRequest.AccountOpening opening) {
		if (!existing.sameTerms(opening)) {
			throw new AccountAlreadyOpened(opening.id());
		}
		return new Opened(existing, true);
	}

	private void audit(OpenedAccount opened, JwtAuthenticationToken operator) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("outcome", "opened");
		TokenIdentity.of(operator).addTo(fields);
		fields.put("account_id", opened.id());
		fields.put("owner", opened.owner());
		fields.put("currency", opened.currency());
		fields.put("opening_balance", opened.openingBalance());
		fields.put("transfer_id", opened.openingTransferId());
		this.audit.event("account.opened", "account opened", fields);
	}

	/** The account, and whether this answer repeats an earlier opening. */
	record Opened(OpenedAccount account, boolean replayed) {
	}

}
