/** Customers' accounts and their balances: {@code GET /balance}. */
package dev.stepup.bank.account;
