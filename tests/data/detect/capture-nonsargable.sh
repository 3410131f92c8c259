#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Captures the non-sargable-predicate fixtures (nonsargable-*.json + .sql) from a throwaway PostgreSQL 15 cluster
# with generated data: customers (200k rows, mixed-case e-mail addresses) and activity (500k timestamped rows).
# Same conventions as capture.sh: EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON) as psql prints it.
# Usage (as root or postgres): tests/data/detect/capture-nonsargable.sh [case ...]   (no argument: every case)
# CAPTURE_KEEP=1 leaves the cluster running (for `planlens rewrite --verify` measurements) and prints its DSN.
set -euo pipefail
OUT=$(cd "$(dirname "$0")" && pwd)
PGBIN=/usr/lib/postgresql/15/bin
PORT=${CAPTURE_PORT:-55873}
D=$(mktemp -d /tmp/planlens-capture-ns.XXXXXX)
chmod 755 "$D"
AS=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$D"; AS=(runuser -u postgres --); fi
cleanup() { "${AS[@]}" "$PGBIN/pg_ctl" -D "$D/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$D"; }
if [ -z "${CAPTURE_KEEP:-}" ]; then trap cleanup EXIT; fi
"${AS[@]}" "$PGBIN/initdb" -D "$D/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${AS[@]}" "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w -o "-p $PORT -k $D -c listen_addresses='' \
  -c autovacuum=off -c track_io_timing=on -c TimeZone=UTC" start >/dev/null
PSQL=("${AS[@]}" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$D" -p "$PORT" -U postgres -d postgres)

"${PSQL[@]}" <<'SQL'
-- E-mail addresses stored as typed (mixed case), looked up case-insensitively; a nullable referrer.
CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(120) NOT NULL, score int NOT NULL,
                        referrer_id bigint, created_at timestamptz NOT NULL);
INSERT INTO customers
SELECT i, CASE i % 3 WHEN 0 THEN 'User.' || i || '@Example.com' WHEN 1 THEN 'user.' || i || '@example.COM'
              ELSE 'USER.' || i || '@EXAMPLE.com' END,
       (i * 7919) % 100000, CASE WHEN i % 2 = 0 THEN NULL ELSE 1 + (i * 31) % 5000 END,
       timestamptz '2023-01-01' + (i * 13 % 525600) * interval '1 minute'
FROM generate_series(1, 200000) i;
CREATE INDEX customers_email_idx ON customers (email);
-- Events of a year, looked up by day.
CREATE TABLE activity (id bigint PRIMARY KEY, created_at timestamptz NOT NULL, kind text NOT NULL, amount int NOT NULL);
INSERT INTO activity
SELECT i, timestamptz '2024-01-01' + (i * 37 % 525600) * interval '1 minute',
       (ARRAY['click','view','buy'])[1 + i % 3], i % 1000
FROM generate_series(1, 500000) i;
CREATE INDEX activity_created_at_idx ON activity (created_at);
CREATE EXTENSION hypopg;
ANALYZE customers; ANALYZE activity;
VACUUM customers, activity;
SQL

EXPLAIN_OPTS="ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON"

# capture NAME "SETTINGS…" "SQL the plan is for"
capture() {
    local name=$1 settings=$2 sql=$3
    if [ ${#WANT[@]} -gt 0 ] && [[ ! " ${WANT[*]} " =~ " $name " ]]; then return; fi
    printf '%s\n' "$sql" > "$OUT/$name.sql"
    local body="$settings
\\o /dev/null
EXPLAIN $sql
\\o
EXPLAIN ($EXPLAIN_OPTS) $sql"
    printf '%s\n' "$body" | "${PSQL[@]}" -At > "$OUT/$name.json.tmp" 2>"$D/err" || { cat "$D/err"; exit 1; }
    mv "$OUT/$name.json.tmp" "$OUT/$name.json"
    echo "captured $name"
}
WANT=("$@")
"${PSQL[@]}" -At -c "SELECT count(*) FROM customers; SELECT count(*) FROM activity;" >/dev/null
NOPAR="SET max_parallel_workers_per_gather = 0;"

# Firing: a function of the column (lower), of a varchar column (the plan prints lower((email)::text)).
capture nonsargable-lower "$NOPAR" "SELECT id, email FROM customers WHERE lower(email) = 'user.4242@example.com';"
# Firing: date_trunc of a timestamptz column compared with a day.
capture nonsargable-date-trunc "$NOPAR" "SELECT id, kind FROM activity WHERE date_trunc('day', created_at) = '2024-03-01';"
# implicit-cast's case, not this rule's: an explicit cast of the column (one finding on the node, not two).
capture nonsargable-date-cast "$NOPAR" "SELECT id, kind FROM activity WHERE created_at::date = '2024-03-01';"
# Firing: coalesce of a nullable column with a non-zero value (equivalent to referrer_id = 77).
capture nonsargable-coalesce "$NOPAR" "SELECT id, email FROM customers WHERE coalesce(referrer_id, 0) = 77;"
# Firing: arithmetic on the column.
capture nonsargable-plus-zero "$NOPAR" "SELECT id, email FROM customers WHERE score + 0 = 4242;"
# Firing on the estimate alone: half the rows match, PostgreSQL guesses 0.5% (no statistics on the expression).
capture nonsargable-misestimate "$NOPAR" "SELECT id, score FROM customers WHERE coalesce(referrer_id, 0) = 0;"
# Quiet: a plain column filter (no expression: rows-removed-by-filter's business).
capture nonsargable-plain-quiet "$NOPAR" "SELECT id, email FROM customers WHERE score = 4242;"
# Quiet: the same lookup with the expression index present (an Index Scan on lower(email)).
"${PSQL[@]}" -c "CREATE INDEX customers_lower_email_idx ON customers (lower(email)); ANALYZE customers;"
capture nonsargable-lower-indexed "$NOPAR" "SELECT id, email FROM customers WHERE lower(email) = 'user.4242@example.com';"
"${PSQL[@]}" -c "DROP INDEX customers_lower_email_idx; ANALYZE customers;"

if [ -n "${CAPTURE_KEEP:-}" ]; then
    echo "cluster kept: host=$D port=$PORT user=postgres dbname=postgres (stop: pg_ctl -D $D/data stop)"
fi
