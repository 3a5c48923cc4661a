package dev.stepup.bank.transfer;

import dev.stepup.bank.support.ApiIntegrationTest;

/** The shared-key race on the embedded H2 database. */
@ApiIntegrationTest
class IdempotencyKeyRaceIntegrationTests extends IdempotencyKeyRaceChecks {

}
