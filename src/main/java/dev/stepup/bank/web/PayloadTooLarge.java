package dev.stepup.bank.web;

import java.io.IOException;

/** A chunked body went past the size limit while being read. */
class PayloadTooLarge extends IOException {

	private final long maxBytes;

	PayloadTooLarge(long maxBytes) {
		super("request body larger than " + maxBytes + " bytes");
		this.maxBytes = maxBytes;
	}

	long maxBytes() {
		return this.maxBytes;
	}

}
