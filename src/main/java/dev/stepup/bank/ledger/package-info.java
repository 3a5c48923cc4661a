/** The append-only double-entry journal and the money it moves. */
package dev.stepup.bank.ledger;
