/** Step-up Bank: a banking resource server whose transfers need a fresh, single-use MFA token. */
package dev.stepup.bank;
