/** Transfers between accounts and their idempotency: {@code POST /transfer}, {@code GET /transfers/{id}}. */
package dev.stepup.bank.transfer;
