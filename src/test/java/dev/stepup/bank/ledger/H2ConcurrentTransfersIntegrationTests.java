package dev.stepup.bank.ledger;

import dev.stepup.bank.support.ApiIntegrationTest;

@ApiIntegrationTest
class H2ConcurrentTransfersIntegrationTests extends ConcurrentTransfersContract {

}
