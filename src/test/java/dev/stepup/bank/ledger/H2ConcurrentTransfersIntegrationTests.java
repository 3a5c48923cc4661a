package dev.stepup.bank.ledger;

/** Concurrent transfers on the embedded H2 database. */
class H2ConcurrentTransfersIntegrationTests extends ConcurrentTransfersContract {

}
