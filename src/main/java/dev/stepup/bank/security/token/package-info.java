/** From a bearer string to a verified {@code Jwt}: token resolution, JWKS source, decoding, claims to authorities. */
package dev.stepup.bank.security.token;
