/**
 * The OpenAPI document at {@code /v3/api-docs}: a module of its own at the top,
 * because it describes every feature and the security rules in front of them.
 */
package dev.stepup.bank.openapi;
