-- Bench customers for bench/run.sh and bench/heap.sh: bench-0001 ... bench-NNNN,
-- each owning one EUR account bench-NNNN-eur that opens with a large balance, so
-- that concurrent transfers spread over many rows instead of queueing on
-- alice's and bob's. Only on the benchmark's own database: the scripts add
-- filesystem:bench/sql to spring.flyway.locations and set the two placeholders.
-- Runs on H2 and PostgreSQL; accounts that exist already are left alone.
INSERT INTO accounts (id, owner_subject, currency, opening_balance, balance, created_at)
WITH RECURSIVE n (i) AS (
    SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${bench_customers}
)
SELECT 'bench-' || LPAD(CAST(i AS VARCHAR(8)), 4, '0') || '-eur',
       'bench-' || LPAD(CAST(i AS VARCHAR(8)), 4, '0'),
       'EUR', ${bench_opening_balance}, ${bench_opening_balance}, CURRENT_TIMESTAMP
FROM n
WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = 'bench-' || LPAD(CAST(n.i AS VARCHAR(8)), 4, '0') || '-eur');
