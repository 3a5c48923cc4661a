package dev.stepup.bank.transfer;

import java.util.Locale;

public enum TransferStatus {

	/** Money moved: the transfer has its two ledger entries. */
	COMPLETED,

	/** Refused for insufficient funds: recorded, nothing moved. */
	DECLINED;

	String dbValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	static TransferStatus ofDbValue(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}
