-- Transfers and ledger entries are facts: a mistake is corrected by a new
-- transfer, never by editing one. H2 triggers are Java classes; this one
-- refuses every UPDATE and DELETE (see the PostgreSQL twin of this file).
CREATE TRIGGER transfers_immutable BEFORE UPDATE, DELETE ON transfers
    FOR EACH ROW CALL 'dev.stepup.bank.ledger.ImmutableRowsTrigger';

CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE, DELETE ON ledger_entries
    FOR EACH ROW CALL 'dev.stepup.bank.ledger.ImmutableRowsTrigger';
