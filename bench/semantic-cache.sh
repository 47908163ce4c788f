#!/usr/bin/env bash
# The semantic cache's lookup latency with many entries for one tenant (issue 21: p99 <= 10 ms at
# 100,000). Makes a database of its own on the local PostgreSQL (which needs pgvector:
# .ci/install-pgvector), applies the migrations, fills semantic_cache_entries with N entries of one
# tenant in one partition plus N/5 of another tenant, builds the HNSW index, then runs the worker's
# lookup (SemanticStore's query, with its iterative scan and ef_search) through pgbench with
# random query vectors, and prints the latency percentiles. Drops the database at the end.
#
#   ./bench/semantic-cache.sh [entries=100000] [seconds=30] [clients=2]
#
# EF_SEARCH=100 tries another hnsw.ef_search (the worker's default, promptly.semantic-cache.ef-search, is 40); KEEP_DB=1 keeps the
# loaded database (promptly_bench_semantic_kept) and reuses it on the next run with KEEP_DB=1.
set -euo pipefail
cd "$(dirname "$0")/.."

entries="${1:-100000}"
seconds="${2:-30}"
clients="${3:-2}"
dims=512
ef_search="${EF_SEARCH:-40}"
db="promptly_bench_semantic_$$"
[ "${KEEP_DB:-}" = 1 ] && db="promptly_bench_semantic_kept"
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}"
work="$(mktemp -d /tmp/promptly-semantic-bench-XXXXXX)"
if [ "${KEEP_DB:-}" = 1 ]; then
  trap 'rm -rf "$work"' EXIT
else
  trap 'psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; rm -rf "$work"' EXIT
fi

if [ "${KEEP_DB:-}" = 1 ] && psql -q -d "$db" -tAc "SELECT count(*) FROM semantic_cache_entries" 2>/dev/null |
    grep -qx "$((entries + entries / 5))"; then
  echo "semantic-cache bench: reusing $db"
else
psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
psql -q -d postgres -c "CREATE DATABASE $db" >/dev/null
for migration in $(ls db/src/main/resources/db/migration/*.sql | sort -V); do
  psql -q -v ON_ERROR_STOP=1 -d "$db" -f "$migration" >/dev/null
done
psql -q -d "$db" -tAc "SELECT to_regclass('semantic_cache_entries')" | grep -q semantic ||
  { echo "semantic-cache bench: no pgvector in this server (run .ci/install-pgvector)" >&2; exit 1; }

echo "semantic-cache bench: loading $entries entries (+$((entries / 5)) of another tenant), $dims dims"
start=$(date +%s)
psql -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<SQL
INSERT INTO tenants (id, name, rate_limit_per_minute, webhook_secret, created_at)
VALUES ('ten_bench', 'bench', 600, 'whsec_bench', now()), ('ten_other', 'other', 600, 'whsec_bench', now());
DROP INDEX semantic_cache_entries_embedding_idx;
-- Random unit vectors: no two entries alike, the HNSW graph's hardest case.
CREATE FUNCTION pg_temp.unit_vector(n int) RETURNS halfvec LANGUAGE sql AS \$\$
  SELECT l2_normalize(array_agg(random() - 0.5)::vector)::halfvec FROM generate_series(1, n)
\$\$;
INSERT INTO semantic_cache_entries
    (tenant_id, partition_key, model, embedding, answer_text, finish_reason, prompt_tokens,
     completion_tokens, cost_micros, created_at, expires_at)
SELECT CASE WHEN i <= $entries THEN 'ten_bench' ELSE 'ten_other' END, 'partition', 'gpt-4o-mini',
       pg_temp.unit_vector($dims), 'an earlier answer ' || i, 'stop', 20, 40, 30,
       now(), now() + interval '1 day'
  FROM generate_series(1, $entries + $entries / 5) AS i;
CREATE TABLE bench_queries AS
SELECT i AS id, pg_temp.unit_vector($dims) AS v FROM generate_series(1, 500) AS i;
SET maintenance_work_mem = '512MB';
CREATE INDEX semantic_cache_entries_embedding_idx ON semantic_cache_entries
    USING hnsw (embedding halfvec_cosine_ops);
ANALYZE;
SQL
echo "semantic-cache bench: loaded and indexed in $(( $(date +%s) - start )) s"
fi

cat >"$work/lookup.sql" <<SQL
\\set q random(1, 500)
BEGIN;
SET LOCAL hnsw.iterative_scan = strict_order;
SET LOCAL hnsw.ef_search = $ef_search;
SELECT answer_text, finish_reason, prompt_tokens, completion_tokens,
       1 - (embedding <=> (SELECT v FROM bench_queries WHERE id = :q)) AS similarity
  FROM semantic_cache_entries
 WHERE tenant_id = 'ten_bench' AND partition_key = 'partition' AND expires_at > now()
 ORDER BY embedding <=> (SELECT v FROM bench_queries WHERE id = :q)
 LIMIT 1;
COMMIT;
SQL
psql -q -d "$db" -c "EXPLAIN (COSTS OFF) SELECT 1 FROM semantic_cache_entries
  WHERE tenant_id = 'ten_bench' AND partition_key = 'partition' AND expires_at > now()
  ORDER BY embedding <=> (SELECT v FROM bench_queries WHERE id = 1) LIMIT 1" | sed 's/^/  plan: /'
(cd "$work" && pgbench -n -d "$db" -f lookup.sql -c "$clients" -j "$clients" -T "$seconds" -l \
  >"$work/pgbench.out" 2>&1) || { cat "$work/pgbench.out" >&2; exit 1; }
# pgbench's log: one line per transaction, its latency in microseconds in the third column.
cat "$work"/pgbench_log.* | awk '{print $3}' | sort -n | awk -v entries="$entries" -v clients="$clients" '
  { latency[NR] = $1 }
  END {
    if (NR == 0) { print "semantic-cache bench: no lookups ran"; exit 1 }
    printf "semantic-cache bench: %d entries, %d clients, ef_search '"$ef_search"', %d lookups: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
      entries, clients, NR, latency[int(NR * 0.50)] / 1000, latency[int(NR * 0.95)] / 1000,
      latency[int(NR * 0.99)] / 1000, latency[NR] / 1000
  }'
