package dev.stepup.bank.transfer;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.stepup.bank.account.Account;
import dev.stepup.bank.account.Accounts;
import dev.stepup.bank.ledger.Ledger;
import dev.stepup.bank.security.stepup.SpentAuthentications;
import dev.stepup.bank.security.stepup.SpentTokens;
import dev.stepup.bank.security.stepup.TransferToken;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The money decision, inside the transfer's transaction: both accounts locked,
 * ownership and currency checked, completed or declined decided on the locked
 * balance, the transfer recorded, the ledger posted (completed only), the token
 * and its authentication spent. All of it commits together or none of it does.
 */
@Component
class TransferBooking {

	private final Accounts accounts;

	private final Transfers transfers;

	private final Ledger ledger;

	private final SpentTokens spentTokens;

	private final SpentAuthentications spentAuthentications;

	private final Clock clock;

	TransferBooking(Accounts accounts, Transfers transfers, Ledger ledger, SpentTokens spentTokens,
			SpentAuthentications spentAuthentications, Clock clock) {
		this.accounts = accounts;
		this.transfers = transfers;
		this.ledger = ledger;
		this.spentTokens = spentTokens;
		this.spentAuthentications = spentAuthentications;
		this.clock = clock;
	}

	/**
	 * Decides and records the transfer. A declined transfer is recorded and spends
	 * the token as a completed one does; only the money stays where it was.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Transfer book(TransferToken token, TransferCommand command, String idempotencyKey) {
		Map<String, Account> locked = this.accounts.lockAll(List.of(command.from(), command.to()));
		Account from = Optional.ofNullable(locked.get(command.from()))
			.filter((account) -> account.isOwnedBy(token.subject()))
			.orElseThrow(() -> new UnknownAccount(command.from()));
		if (!from.balance().currency().equals(command.amount().currency())) {
			throw new InvalidTransfer("account " + from.id() + " holds " + from.balance().currency().getCurrencyCode()
					+ ", not " + command.amount().currency().getCurrencyCode());
		}
		// a target in another currency answers as an unknown one: otherwise any id could be probed for existence
		Account to = Optional.ofNullable(locked.get(command.to()))
			.filter((account) -> account.balance().currency().equals(command.amount().currency()))
			.orElseThrow(() -> new UnknownAccount(command.to()));
		TransferStatus status = command.amount().isGreaterThan(from.balance()) ? TransferStatus.DECLINED
				: TransferStatus.COMPLETED;
		Transfer transfer = new Transfer(UUID.randomUUID().toString(), from.id(), to.id(), command.amount(), status,
				token.subject(), idempotencyKey, command.fingerprint(), token.issuer(), token.jti(),
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		this.transfers.insert(transfer);
		if (status == TransferStatus.COMPLETED) {
			this.ledger.post(transfer.id(), from.id(), to.id(), transfer.amount());
		}
		this.spentTokens.spend(token, transfer.id());
		this.spentAuthentications.spend(token, transfer.id());
		return transfer;
	}

}
