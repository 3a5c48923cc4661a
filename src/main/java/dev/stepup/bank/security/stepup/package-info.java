/**
 * The step-up rule for moving money: scope, MFA evidence and its age, and single use of each transfer token.
 * Named so that {@code transfer} may read the transfer token and spend it in its own transaction.
 */
@NamedInterface("stepup")
package dev.stepup.bank.security.stepup;

import org.springframework.modulith.NamedInterface;
