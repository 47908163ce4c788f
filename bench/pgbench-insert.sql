-- The Postgres ceiling of ./bench/run.sh: one ~1 KB row per transaction (32 × 32 hex characters),
-- about the size of a benchmark job's input.
\set n random(1, 1000000000)
INSERT INTO bench_rows (payload) VALUES (repeat(md5(:n::text), 32));
