-- Accounts opened through POST /accounts get their opening funds as a ledger
-- movement from the bank's funding account in that currency, so every unit of
-- money in a customer account is explained by a transfer and the totals stay
-- constant. A funding account stands for money that entered the bank from
-- outside: it is the one kind of account whose balance may go below zero (its
-- negative balance is all the money deposited so far).
ALTER TABLE accounts ADD COLUMN kind VARCHAR(16) DEFAULT 'customer' NOT NULL;
ALTER TABLE accounts ADD CONSTRAINT accounts_kind CHECK (kind IN ('customer', 'funding'));
ALTER TABLE accounts DROP CONSTRAINT accounts_balance_not_negative;
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_not_negative CHECK (balance >= 0 OR kind = 'funding');
