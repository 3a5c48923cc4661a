-- Transfers and ledger entries are facts: a mistake is corrected by a new
-- transfer, never by editing one. A CHECK cannot see UPDATE or DELETE, so a
-- trigger refuses both, with the check_violation SQLSTATE like a constraint.
CREATE FUNCTION refuse_journal_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%: rows of % are never updated or deleted', TG_NAME, TG_TABLE_NAME
        USING ERRCODE = 'check_violation';
END
$$;

CREATE TRIGGER transfers_immutable BEFORE UPDATE OR DELETE ON transfers
    FOR EACH ROW EXECUTE FUNCTION refuse_journal_change();

CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION refuse_journal_change();
