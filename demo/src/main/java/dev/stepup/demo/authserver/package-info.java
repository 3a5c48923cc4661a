/** Spring Authorization Server set-up: filter chains, access token claims, refresh and device grant pages. */
package dev.stepup.demo.authserver;
