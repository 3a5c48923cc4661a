/** The audit trail: one structured event per transfer decision and per step-up refusal. */
package dev.stepup.bank.audit;
