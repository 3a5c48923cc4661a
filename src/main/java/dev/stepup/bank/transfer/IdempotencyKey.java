package dev.stepup.bank.transfer;

/** An {@code Idempotency-Key} header value: 1 to 255 printable ASCII characters. */
record IdempotencyKey(String value) {

	static final int MAX_LENGTH = 255;

	IdempotencyKey {
		if (value.isEmpty() || value.length() > MAX_LENGTH || !value.chars().allMatch((c) -> c >= 0x20 && c <= 0x7E)) {
			throw new InvalidTransfer("Idempotency-Key must be 1 to 255 printable ASCII characters");
		}
	}

}
