/** Time-based one-time passwords (RFC 6238): checking codes once, and enrolling a secret in a phone authenticator. */
package dev.stepup.demo.totp;
