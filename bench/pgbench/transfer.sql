-- One completed transfer as the API sends it to PostgreSQL, for pgbench: the
-- same statements, in the same order, with the same round trips (10), so that
-- bench/perf.sh (part "database") can measure what PostgreSQL alone costs
-- per transfer on this machine, with no JVM beside it.
--
-- What the API does, and where (`PARTS=roundtrips bench/perf.sh` counts
-- 10.09 round trips per transfer):
--    1  IdempotencyLocks.tryLock       INSERT the key's lock, autocommitted
--    2  TransferService.replay         SELECT a decision already made under the key
--    3  Accounts.lockAll               BEGIN and SELECT ... FOR UPDATE of both accounts
--                                      (one round trip: the JDBC driver sends BEGIN with it)
--    4  Transfers.insert               INSERT the transfer
--    5  Ledger.post                    INSERT both ledger entries
--    6  Ledger.post                    UPDATE both balances, the debit guarded
--    7  SpentTokens.spend              INSERT the spent token
--    8  SpentAuthentications.spend     INSERT the spent authentication
--    9  IdempotencyLocks.release       DELETE the key's lock, inside the transaction
--   10  COMMIT
-- A change there is a change here. Between the two "writes" markers, the
-- "pipelined" variant of bench/perf.sh sends statements 4-10 in one round trip
-- (pgbench's pipeline mode): what the database would gain if the API did.
--
-- Accounts bench-0001-eur ... bench-NNNN-eur (bench/sql), NNNN = -D customers.
\set a random(1, :customers)
\set b random(1, :customers - 1)
\set b case when :b >= :a then :b + 1 else :b end
\set n random(1, 1000000000000000)
INSERT INTO idempotency_locks (requested_by, idempotency_key, request_hash, locked_until)
    VALUES ('bench-' || lpad(:a::text, 4, '0'), 'pgbench-' || :client_id || '-' || :n, repeat('a', 64), now() + interval '30 seconds');
SELECT id, from_account, to_account, amount, currency, status, requested_by, idempotency_key, request_hash, token_issuer, token_jti, created_at
    FROM transfers WHERE requested_by = 'bench-' || lpad(:a::text, 4, '0') AND idempotency_key = 'pgbench-' || :client_id || '-' || :n;
\startpipeline
BEGIN;
SELECT id, owner_subject, currency, balance FROM accounts
    WHERE id IN ('bench-' || lpad(:a::text, 4, '0') || '-eur', 'bench-' || lpad(:b::text, 4, '0') || '-eur') AND kind = 'customer' ORDER BY id FOR UPDATE;
\endpipeline
-- writes begin
INSERT INTO transfers (id, from_account, to_account, amount, currency, status, requested_by, idempotency_key, request_hash, token_issuer, token_jti, created_at)
    VALUES (md5(:client_id || '-' || :n)::uuid::text, 'bench-' || lpad(:a::text, 4, '0') || '-eur', 'bench-' || lpad(:b::text, 4, '0') || '-eur', 1.00, 'EUR', 'completed',
            'bench-' || lpad(:a::text, 4, '0'), 'pgbench-' || :client_id || '-' || :n, repeat('a', 64), 'https://issuer.pgbench.invalid', 'pgbench-' || :client_id || '-' || :n, now());
INSERT INTO ledger_entries (transfer_id, direction, account_id, amount, magnitude, currency, status, debit_account, credit_account)
    VALUES (md5(:client_id || '-' || :n)::uuid::text, -1, 'bench-' || lpad(:a::text, 4, '0') || '-eur', -1.00, 1.00, 'EUR', 'completed', 'bench-' || lpad(:a::text, 4, '0') || '-eur', NULL),
           (md5(:client_id || '-' || :n)::uuid::text, 1, 'bench-' || lpad(:b::text, 4, '0') || '-eur', 1.00, 1.00, 'EUR', 'completed', NULL, 'bench-' || lpad(:b::text, 4, '0') || '-eur');
UPDATE accounts SET balance = CASE WHEN id = 'bench-' || lpad(:a::text, 4, '0') || '-eur' THEN balance - 1.00 ELSE balance + 1.00 END
    WHERE (id = 'bench-' || lpad(:a::text, 4, '0') || '-eur' AND (balance - 1.00 >= 0 OR kind = 'funding')) OR id = 'bench-' || lpad(:b::text, 4, '0') || '-eur';
INSERT INTO spent_tokens (issuer, jti, expires_at, transfer_id, spent_at)
    VALUES ('https://issuer.pgbench.invalid', 'pgbench-' || :client_id || '-' || :n, now() + interval '5 minutes', md5(:client_id || '-' || :n)::uuid::text, now());
INSERT INTO spent_authentications (event_hash, issuer, subject, auth_time, transfer_id, expires_at, spent_at)
    VALUES (md5('e' || :client_id || '-' || :n) || md5('a' || :client_id || '-' || :n), 'https://issuer.pgbench.invalid', 'bench-' || lpad(:a::text, 4, '0'), now(),
            md5(:client_id || '-' || :n)::uuid::text, now() + interval '5 minutes', now());
DELETE FROM idempotency_locks WHERE requested_by = 'bench-' || lpad(:a::text, 4, '0') AND idempotency_key = 'pgbench-' || :client_id || '-' || :n;
COMMIT;
-- writes end
