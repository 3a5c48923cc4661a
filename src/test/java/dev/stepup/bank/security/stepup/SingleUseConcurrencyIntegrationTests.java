package dev.stepup.bank.security.stepup;

import dev.stepup.bank.support.ApiIntegrationTest;

/** The race on the embedded H2 database. */
@ApiIntegrationTest
class SingleUseConcurrencyIntegrationTests extends SingleUseConcurrencyChecks {

}
