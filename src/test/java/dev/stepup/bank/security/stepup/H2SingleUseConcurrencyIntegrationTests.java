package dev.stepup.bank.security.stepup;

/** The race on the embedded H2 database. */
class H2SingleUseConcurrencyIntegrationTests extends SingleUseConcurrencyContract {

}
