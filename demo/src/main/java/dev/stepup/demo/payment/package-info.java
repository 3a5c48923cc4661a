/** Payments a customer approves with the second factor: RFC 9396 {@code payment_initiation} details, read, checked and put in words. */
package dev.stepup.demo.payment;
