/** Sender-constrained tokens (RFC 9449 DPoP): proofs verified per request, used once across instances, server nonces. */
package dev.stepup.bank.security.dpop;
