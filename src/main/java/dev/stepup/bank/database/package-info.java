/** How the API waits on its database: every wait is bounded, so an outage is answered 503 within seconds, never a hang. */
package dev.stepup.bank.database;
