/** Helpers for the tests that run the demo, the API and a browser together. */
package dev.stepup.demo.testsupport;
