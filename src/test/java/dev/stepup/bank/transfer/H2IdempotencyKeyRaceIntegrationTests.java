package dev.stepup.bank.transfer;

/** The shared-key race on the embedded H2 database. */
class H2IdempotencyKeyRaceIntegrationTests extends IdempotencyKeyRaceContract {

}
