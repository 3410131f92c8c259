#!/bin/sh
# SPDX-License-Identifier: MIT
# Re-captures the plan pairs of this folder from a throwaway PostgreSQL 15 cluster (real EXPLAIN output only).
# Usage: capture.sh "host=/tmp/dir port=55871 user=postgres dbname=postgres"
# The database must be empty: setup.sql creates and fills the tables (deterministic data).
set -eu
DSN=$1
HERE=$(cd "$(dirname "$0")" && pwd)
psql_() { psql -X -q -At -v ON_ERROR_STOP=1 "$DSN" "$@"; }
# capture NAME SETTINGS QUERY: one EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON) into NAME.json
capture() {
    psql_ -c "SET client_min_messages = warning; $2" -c "$3" >/dev/null     # warm the cache, as a repeated run would
    psql_ -c "SET client_min_messages = warning; $2" -c "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON) $3" \
        > "$HERE/$1.json"
}
psql_ -f "$HERE/setup.sql"

# join-order: a forced join order (join_collapse_limit = 1 keeps the FROM order) against the planner's choice.
Q="SELECT c.name, o.id AS order_id, sum(oi.qty * oi.price) AS total FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN customers c ON c.id = o.customer_id WHERE c.country = 'NZ' GROUP BY c.name, o.id"
capture join-order-before "SET join_collapse_limit = 1" "$Q"
capture join-order-after "" "$Q"

# merge-to-nestloop: a merge join that walks most of an index, against a nested loop over the 61 customers.
Q="SELECT o.id, o.placed_at, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.id BETWEEN 40000 AND 40060 ORDER BY c.id"
capture merge-to-nestloop-before "SET enable_nestloop = off; SET enable_hashjoin = off" "$Q"
capture merge-to-nestloop-after "" "$Q"

# sort-spill: the same sort with work_mem too small (external merge on disk), then large enough (quicksort).
Q="SELECT user_id, payload FROM events WHERE kind = 'buy' ORDER BY payload"
capture sort-spill-before "SET max_parallel_workers_per_gather = 0; SET work_mem = '1MB'" "$Q"
capture sort-spill-after "SET max_parallel_workers_per_gather = 0; SET work_mem = '32MB'" "$Q"

# jit-off: JIT compilation forced on a 13k-cost aggregate (jit_above_cost lowered), then disabled.
Q="SELECT kind, sum(length(payload)) AS bytes, avg(user_id) AS avg_user FROM events GROUP BY kind"
capture jit-off-before "SET jit = on; SET jit_above_cost = 10000; SET max_parallel_workers_per_gather = 0" "$Q"
capture jit-off-after "SET jit = off; SET max_parallel_workers_per_gather = 0" "$Q"

# or-to-any (incident A's pattern): OR ... IN (subquery) seq-scans tracks; the fix looks the ids up first
# (after-lookup) and then uses = ANY(array), a BitmapOr of tracks_owner_id_idx and tracks_pkey (after).
capture or-to-any-before "" "SELECT t.track_id, t.title, t.created_at FROM tracks t WHERE t.owner_id = 27 OR t.track_id IN (SELECT tc.track_id FROM track_collaborators tc WHERE tc.collaborator_user_id = 27 AND tc.status = 'accepted') ORDER BY t.created_at DESC"
capture or-to-any-after-lookup "" "SELECT array_agg(tc.track_id) FROM track_collaborators tc WHERE tc.collaborator_user_id = 27 AND tc.status = 'accepted'"
capture or-to-any-after "" "SELECT t.track_id, t.title, t.created_at FROM tracks t WHERE t.owner_id = 27 OR t.track_id = ANY('{15}'::int[]) ORDER BY t.created_at DESC"

# index-added: the same query before and after CREATE INDEX events_user_id_idx (last: it changes the schema).
Q="SELECT id, kind, created_at FROM events WHERE user_id = 42 ORDER BY created_at DESC LIMIT 20"
capture index-added-before "" "$Q"
psql_ -c "CREATE INDEX events_user_id_idx ON events (user_id)" -c "ANALYZE events"
capture index-added-after "" "$Q"
