/** The demo customers, their passwords and second-factor secrets, and the sign-in page. */
package dev.stepup.demo.user;
