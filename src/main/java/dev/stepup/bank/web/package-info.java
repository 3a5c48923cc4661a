/** Problem details (RFC 9457), CORS and request limits: what every endpoint shares on the wire. */
package dev.stepup.bank.web;
