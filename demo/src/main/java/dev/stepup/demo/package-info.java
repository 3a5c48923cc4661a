/** The demo authorization server with the MFA step-up rule, and the banking web page that uses the API. */
package dev.stepup.demo;
