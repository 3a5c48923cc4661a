/**
 * Token decoding against a hardened JWKS cache, claims to authorities, the
 * step-up policy and its RFC 6750 / RFC 9470 challenges, and spent tokens.
 */
package dev.stepup.bank.security;
