/** The step-up rule: which authorization requests must pass the second factor, and the page where they do. */
package dev.stepup.demo.stepup;
