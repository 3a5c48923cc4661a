/** The banking web page: a public OAuth client in the browser that calls the API cross-origin. */
package dev.stepup.demo.bankweb;
