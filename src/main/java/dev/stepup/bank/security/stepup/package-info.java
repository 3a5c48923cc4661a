/** The step-up rule for moving money: scope, MFA evidence and its age, and single use of each transfer token. */
package dev.stepup.bank.security.stepup;
