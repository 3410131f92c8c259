#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Captures the detector fixtures in this folder from a real PostgreSQL 15 server: a throwaway cluster, a small
# deterministic schema, then for each case `EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON)` written
# to <case>.json exactly as psql prints it, and the statement(s) the case is about to <case>.sql.
# Usage (as root or postgres): tests/data/detect/capture.sh [case ...]   (no argument: every case)
# Timings differ from run to run; the rules are written so that the findings do not.
set -euo pipefail
OUT=$(cd "$(dirname "$0")" && pwd)
PGBIN=/usr/lib/postgresql/15/bin
PORT=${CAPTURE_PORT:-55871}
D=$(mktemp -d /tmp/planlens-capture.XXXXXX)
chmod 755 "$D"
AS=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$D"; AS=(runuser -u postgres --); fi
cleanup() { "${AS[@]}" "$PGBIN/pg_ctl" -D "$D/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$D"; }
trap cleanup EXIT
"${AS[@]}" "$PGBIN/initdb" -D "$D/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# autovacuum off: the stale-statistics and heap-fetch cases need tables that nobody vacuums behind our back.
"${AS[@]}" "$PGBIN/pg_ctl" -D "$D/data" -l "$D/log" -w -o "-p $PORT -k $D -c listen_addresses='' \
  -c autovacuum=off -c track_io_timing=on -c max_worker_processes=8 -c max_parallel_workers=8" start >/dev/null
PSQL=("${AS[@]}" "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$D" -p "$PORT" -U postgres -d postgres)

"${PSQL[@]}" <<'SQL'
-- Incident A: tracks, their owners, and (nearly empty) collaborations. Owner 1 is a heavy owner.
CREATE TABLE users (user_id bigint PRIMARY KEY, name text NOT NULL, phone varchar(20));
INSERT INTO users SELECT i, 'user ' || i, lpad((i * 7919 % 1000000)::text, 7, '0') FROM generate_series(1, 20000) i;
CREATE TABLE tracks (track_id bigint PRIMARY KEY, owner_id bigint NOT NULL, title text NOT NULL,
                     genre text NOT NULL, plays int NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO tracks
SELECT i, CASE WHEN i % 10 = 0 THEN 1 ELSE 2 + (i::bigint * 7919) % 19999 END,
       'track ' || i || CASE WHEN i % 97 = 0 THEN ' love song' ELSE '' END,
       (ARRAY['rock','pop','jazz','folk','metal'])[1 + i % 5], (i * 31) % 100000,
       timestamptz '2024-01-01' + (i * 37 % 525600) * interval '1 minute'
FROM generate_series(1, 300000) i;
CREATE INDEX tracks_owner_id_idx ON tracks (owner_id);
CREATE INDEX tracks_title_idx ON tracks (title);
CREATE TABLE track_collaborators (track_id bigint NOT NULL, collaborator_user_id bigint NOT NULL,
                                  status text NOT NULL, PRIMARY KEY (track_id, collaborator_user_id));
INSERT INTO track_collaborators SELECT i * 1000, 1 + i % 50, 'pending' FROM generate_series(1, 120) i;
CREATE INDEX track_collaborators_user_idx ON track_collaborators (collaborator_user_id, status, track_id);

-- Incident B: projects and who may see them.
CREATE TABLE projects (id bigint PRIMARY KEY, name text NOT NULL, visibility_level int NOT NULL,
                       pending_delete boolean NOT NULL, hidden boolean NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO projects SELECT i, 'project ' || i, CASE WHEN i % 10 = 0 THEN 20 WHEN i % 10 = 1 THEN 10 ELSE 0 END,
       i % 500 = 0, false, timestamptz '2020-01-01' + i * interval '7 minutes'
FROM generate_series(1, 200000) i;
CREATE INDEX projects_created_at_id_idx ON projects (created_at, id);
CREATE TABLE project_authorizations (user_id bigint NOT NULL, project_id bigint NOT NULL, access_level int NOT NULL,
                                     PRIMARY KEY (user_id, project_id));
INSERT INTO project_authorizations SELECT 1 + (i * 13) % 40000, i / 2 + 1, 10 * (1 + i % 5)
FROM generate_series(1, 400000) i ON CONFLICT DO NOTHING;
INSERT INTO project_authorizations SELECT 777, p, 40 FROM generate_series(150000, 200000, 97) p ON CONFLICT DO NOTHING;
CREATE INDEX project_authorizations_project_id_idx ON project_authorizations (project_id);

-- Correlated columns: b is a function of a, so the planner multiplies selectivities it should not.
CREATE TABLE readings (id bigint PRIMARY KEY, sensor int NOT NULL, site int NOT NULL, val double precision NOT NULL);
INSERT INTO readings SELECT i, i % 200, (i % 200) / 2, (i * 17 % 1000) / 10.0 FROM generate_series(1, 200000) i;
CREATE TABLE sites (site int NOT NULL, label text NOT NULL);
INSERT INTO sites SELECT s, 'site ' || s FROM generate_series(0, 99) s, generate_series(1, 30) k;

-- Stale statistics: analysed while small, then loaded without ANALYZE (autovacuum is off).
CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL, total numeric NOT NULL);
INSERT INTO orders SELECT i, 'shipped', i % 100 FROM generate_series(1, 2000) i;
ANALYZE orders;
INSERT INTO orders SELECT i, 'new', i % 100 FROM generate_series(2001, 150000) i;

-- Partitioned events, one partition a month.
CREATE TABLE events (id bigint NOT NULL, created_at timestamptz NOT NULL, kind text NOT NULL)
  PARTITION BY RANGE (created_at);
DO $$ BEGIN FOR m IN 0..11 LOOP
  EXECUTE format('CREATE TABLE events_2024_%s PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                 lpad((m + 1)::text, 2, '0'), timestamptz '2024-01-01' + m * interval '1 month',
                 timestamptz '2024-01-01' + (m + 1) * interval '1 month');
END LOOP; END $$;
INSERT INTO events SELECT i, timestamptz '2024-01-01' + (i % 525000) * interval '1 minute',
       (ARRAY['click','view','buy'])[1 + i % 3] FROM generate_series(1, 240000) i;
CREATE INDEX events_created_at_idx ON events (created_at);

-- A set-returning function PostgreSQL cannot see into (prorows defaults to 1000).
CREATE FUNCTION featured_track_ids() RETURNS SETOF bigint LANGUAGE plpgsql STABLE AS
$$ BEGIN RETURN QUERY SELECT t FROM unnest(ARRAY[1000, 2000, 3000, 4000, 5000]::bigint[]) t; END $$;

-- A row trigger that does real work for every updated row.
CREATE TABLE track_audit (track_id bigint, plays int, owner_tracks bigint, at timestamptz);
CREATE FUNCTION audit_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO track_audit SELECT NEW.track_id, NEW.plays, count(*), now() FROM tracks WHERE genre = NEW.genre;
  RETURN NEW;
END $$;
CREATE TRIGGER tracks_audit AFTER UPDATE ON tracks FOR EACH ROW EXECUTE FUNCTION audit_track();

-- Index-only scans need the visibility map: this copy is never vacuumed.
CREATE TABLE plays_log (track_id bigint NOT NULL, played_at timestamptz NOT NULL);
INSERT INTO plays_log SELECT 1 + (i * 7) % 300000, timestamptz '2024-01-01' + i * interval '1 second'
FROM generate_series(1, 300000) i;
CREATE INDEX plays_log_track_id_idx ON plays_log (track_id);

ANALYZE users; ANALYZE tracks; ANALYZE track_collaborators; ANALYZE projects; ANALYZE project_authorizations;
ANALYZE readings; ANALYZE sites; ANALYZE events; ANALYZE plays_log;
VACUUM users, tracks, track_collaborators, projects, project_authorizations, readings, sites, events;
SQL

EXPLAIN_OPTS="ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON"

# capture NAME "SETTINGS…" "SQL the plan is for" ["earlier statements of the script"]
# The .sql file holds the earlier statements (if any) followed by the explained statement.
capture() {
    local name=$1 settings=$2 sql=$3 before=${4:-}
    if [ ${#WANT[@]} -gt 0 ] && [[ ! " ${WANT[*]} " =~ " $name " ]]; then return; fi
    { [ -n "$before" ] && printf '%s\n\n' "$before"; printf '%s\n' "$sql"; } > "$OUT/$name.sql"
    # A plain EXPLAIN first warms this session's catalog caches, as on a pooled application connection;
    # otherwise every planning time would include loading the catalogs.
    local body="$settings
\\o /dev/null
EXPLAIN $sql
\\o
EXPLAIN ($EXPLAIN_OPTS) $sql"
    if [[ $sql =~ ^(UPDATE|DELETE|INSERT) ]]; then body="BEGIN; $body
ROLLBACK;"; fi
    printf '%s\n' "$body" | "${PSQL[@]}" -At > "$OUT/$name.json.tmp" 2>"$D/err" || { cat "$D/err"; exit 1; }
    # SET/BEGIN print nothing under -q; only the plan cell remains.
    mv "$OUT/$name.json.tmp" "$OUT/$name.json"
    echo "captured $name"
}
WANT=("$@")
# Warm the cache so buffers are hits, like a busy server.
"${PSQL[@]}" -At -c "SELECT count(*) FROM tracks; SELECT count(*) FROM projects; SELECT count(*) FROM project_authorizations;" >/dev/null

capture incident-a-before "" "SELECT t.track_id, t.title, t.created_at
FROM tracks t
WHERE t.owner_id = 4242
   OR t.track_id IN (SELECT tc.track_id FROM track_collaborators tc
                     WHERE tc.collaborator_user_id = 4242 AND tc.status = 'accepted')
ORDER BY t.created_at DESC
LIMIT 20;"

capture incident-a-after "" "SELECT t.track_id, t.title, t.created_at
FROM tracks t
WHERE t.owner_id = 4242 OR t.track_id = ANY('{}'::bigint[])
ORDER BY t.created_at DESC
LIMIT 20;" "SELECT tc.track_id FROM track_collaborators tc
WHERE tc.collaborator_user_id = 4242 AND tc.status = 'accepted';"

capture incident-a-heavy-owner "" "SELECT t.track_id, t.title, t.created_at
FROM tracks t
WHERE t.owner_id = 1
ORDER BY t.created_at DESC
LIMIT 20;"

PAGE_B="SELECT projects.id, projects.name, projects.created_at
FROM projects
WHERE (EXISTS (SELECT 1 FROM project_authorizations
               WHERE project_authorizations.user_id = 777
                 AND (project_authorizations.project_id = projects.id))
       OR projects.visibility_level IN (0, 10, 20))
  AND projects.pending_delete = FALSE
  AND projects.hidden = FALSE
ORDER BY projects.created_at DESC, projects.id DESC
LIMIT 20 OFFSET 0;"

capture incident-b-before "" "SELECT MAX(project_authorizations.access_level) AS maximum_access_level,
       project_authorizations.project_id AS project_authorizations_project_id
FROM project_authorizations
WHERE project_authorizations.user_id = 777
  AND project_authorizations.project_id IN (
    SELECT projects.id
    FROM projects
    WHERE (EXISTS (SELECT 1 FROM project_authorizations
                   WHERE project_authorizations.user_id = 777
                     AND (project_authorizations.project_id = projects.id))
           OR projects.visibility_level IN (0, 10, 20))
      AND projects.pending_delete = FALSE
      AND projects.hidden = FALSE
    ORDER BY projects.created_at DESC, projects.id DESC
    LIMIT 20 OFFSET 0)
GROUP BY project_authorizations.project_id;" "$PAGE_B"

capture incident-b-page "" "$PAGE_B"

capture incident-b-membership "" "SELECT MAX(project_authorizations.access_level) AS maximum_access_level,
       project_authorizations.project_id AS project_authorizations_project_id
FROM project_authorizations
WHERE project_authorizations.user_id = 777
  AND project_authorizations.project_id IN (
    SELECT projects.id
    FROM projects
    INNER JOIN project_authorizations ON projects.id = project_authorizations.project_id
    WHERE project_authorizations.user_id = 777
      AND projects.pending_delete = FALSE
      AND projects.hidden = FALSE
    ORDER BY projects.created_at DESC, projects.id DESC
    LIMIT 10 OFFSET 0)
GROUP BY project_authorizations.project_id;"

capture incident-b-after "" "SELECT projects.id, projects.name, project_authorizations_2.access_level
FROM projects
LEFT OUTER JOIN project_authorizations project_authorizations_2
  ON project_authorizations_2.project_id = projects.id AND project_authorizations_2.user_id = 777
WHERE projects.pending_delete = FALSE
  AND projects.hidden = FALSE
  AND projects.id IN (199925, 199934, 199943, 199952, 199958, 199967, 199976, 199985, 199991, 200000)
ORDER BY projects.created_at DESC, projects.id DESC;"

capture row-misestimate-correlated "" "SELECT r.id, r.val, s.label
FROM readings r
JOIN sites s ON s.site = r.site
WHERE r.sensor = 42 AND r.site = 21;"

capture stale-statistics "" "SELECT id, total FROM orders WHERE status = 'new';"

capture sort-spill "SET work_mem = '256kB';" "SELECT track_id, title, created_at FROM tracks ORDER BY created_at, track_id;"

capture hash-join-batches "SET work_mem = '256kB';" "SELECT t.track_id, u.name
FROM tracks t JOIN users u ON u.user_id = t.owner_id
WHERE t.genre = 'jazz';"

capture hashagg-spill "SET work_mem = '256kB';" "SELECT t.track_id % 100000 AS bucket, count(*)
FROM tracks t
GROUP BY t.track_id % 100000;"

capture filter-removes-rows "" "SELECT track_id, title FROM tracks WHERE plays = 31;"

capture lossy-bitmap "SET work_mem = '64kB';" "SELECT count(*), max(plays) FROM tracks WHERE owner_id BETWEEN 2 AND 500;"

capture index-only-heap-fetches "SET enable_bitmapscan = off; SET enable_seqscan = off;" "SELECT count(*) FROM plays_log WHERE track_id BETWEEN 1000 AND 90000;"

capture nested-loop-seq-scan "SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_material = off;" "SELECT r.id, s.label
FROM readings r
JOIN sites s ON s.site = r.site
WHERE r.sensor = 42;"

capture large-offset "" "SELECT track_id, title FROM tracks ORDER BY track_id LIMIT 20 OFFSET 150000;"

capture not-in-subquery "" "SELECT count(*) FROM tracks t
WHERE t.track_id NOT IN (SELECT tc.track_id FROM track_collaborators tc);"

capture not-in-unhashed "SET work_mem = '64kB';" "SELECT count(*) FROM users u
WHERE u.user_id NOT IN (SELECT t.owner_id FROM tracks t WHERE t.genre = 'rock');"

capture correlated-subplan "" "SELECT u.user_id, u.name,
       (SELECT count(*) FROM tracks t WHERE t.owner_id = u.user_id) AS n_tracks
FROM users u;"

capture cte-scanned-many-times "" "WITH per_owner AS MATERIALIZED (
    SELECT owner_id, count(*) AS n FROM tracks GROUP BY owner_id)
SELECT u.user_id, (SELECT p.n FROM per_owner p WHERE p.owner_id = u.user_id) AS n
FROM users u
WHERE u.user_id <= 300;"

capture cte-scanned-once "" "WITH per_owner AS MATERIALIZED (
    SELECT owner_id, count(*) AS n FROM tracks GROUP BY owner_id)
SELECT u.name, p.n FROM users u JOIN per_owner p ON p.owner_id = u.user_id WHERE p.n > 14;"

capture partition-no-pruning "" "SELECT count(*) FROM events
WHERE date_trunc('month', created_at) = timestamptz '2024-03-01';"

capture partition-pruned "" "SELECT count(*) FROM events
WHERE created_at >= timestamptz '2024-03-01' AND created_at < timestamptz '2024-04-01';"

capture workers-not-launched "SET max_parallel_workers = 0; SET parallel_setup_cost = 10; SET min_parallel_table_scan_size = 0;" \
  "SELECT genre, count(*), avg(plays) FROM tracks GROUP BY genre;"

capture parallel-launched "SET parallel_setup_cost = 10; SET min_parallel_table_scan_size = 0;" \
  "SELECT genre, count(*), avg(plays) FROM tracks GROUP BY genre;"

capture jit-dominating "SET jit = on; SET jit_above_cost = 10; SET jit_inline_above_cost = 10; SET jit_optimize_above_cost = 10;" \
  "SELECT owner_id, sum(plays) FROM tracks WHERE owner_id BETWEEN 100 AND 110 GROUP BY owner_id;"

capture planning-dominating "SET join_collapse_limit = 12; SET from_collapse_limit = 12;" "SELECT u1.name
FROM users u1
JOIN users u2 ON u2.user_id = u1.user_id + 1
JOIN users u3 ON u3.user_id = u1.user_id + 2
JOIN users u4 ON u4.user_id = u1.user_id + 3
JOIN users u5 ON u5.user_id = u1.user_id + 4
JOIN users u6 ON u6.user_id = u1.user_id + 5
JOIN users u7 ON u7.user_id = u1.user_id + 6
JOIN users u8 ON u8.user_id = u1.user_id + 7
JOIN users u9 ON u9.user_id = u1.user_id + 8
JOIN users u10 ON u10.user_id = u1.user_id + 9
JOIN users u11 ON u11.user_id = u1.user_id + 10
JOIN users u12 ON u12.user_id = u1.user_id + 11
WHERE u1.user_id = 17;"

capture srf-default-estimate "" "SELECT t.track_id, t.title
FROM featured_track_ids() f(id)
JOIN tracks t ON t.track_id = f.id;"

capture implicit-cast "PREPARE by_id(numeric) AS SELECT track_id, title FROM tracks WHERE track_id = \$1;" \
  "EXECUTE by_id(123456);"
# The plan is of the prepared statement; the script the user reviews is the statement with its parameter.
[ -f "$OUT/implicit-cast.sql" ] && printf '%s\n' 'SELECT track_id, title FROM tracks WHERE track_id = $1;' > "$OUT/implicit-cast.sql"

capture like-leading-wildcard "" "SELECT track_id, title FROM tracks WHERE title LIKE '%love song%';"

capture like-prefix "" "SELECT track_id, title FROM tracks WHERE title LIKE 'track 12345%';"

capture trigger-dominating "" "UPDATE tracks SET plays = plays + 1 WHERE owner_id = 4242;"

capture pk-lookup "" "SELECT track_id, title FROM tracks WHERE track_id = 4242;"

# incident-a-or-exists: incident A as the demo runs it (resources/demo/incident-a/before.sql, user 42001) with
# OR EXISTS (correlated) in place of OR ... IN, captured from the demo database `tracks` (docs/demo.md), not
# from the schema above: `planlens demo start --dir DIR`, then
#   PLANLENS_DEMO_DIR=DIR tests/data/detect/capture.sh incident-a-or-exists
# PostgreSQL hashes the EXISTS and reads all of tracks through a full Index Scan of tracks_pkey (no Index Cond:
# the order feeds the merge joins), filtering every row with (owner_id = 42001) OR (hashed SubPlan).
if [ -n "${PLANLENS_DEMO_DIR:-}" ] && [ -f "$PLANLENS_DEMO_DIR/port" ]; then
    PSQL=("$PGBIN/psql" -X -q -v ON_ERROR_STOP=1
          -d "host=$PLANLENS_DEMO_DIR port=$(tr -d '[:space:]' < "$PLANLENS_DEMO_DIR/port") user=postgres dbname=tracks")
    "${PSQL[@]}" -At -c "SELECT count(*) FROM tracks" >/dev/null
    capture incident-a-or-exists "" "SELECT t.track_id, t.owner_id, t.title, t.genre, t.created_at,
       coalesce(ap.count, 0) AS play_count,
       coalesce(agg.repost_count, 0) AS repost_count,
       coalesce(agg.save_count, 0) AS save_count
FROM tracks t
LEFT JOIN aggregate_plays ap ON ap.play_item_id = t.track_id
LEFT JOIN aggregate_track agg ON agg.track_id = t.track_id
WHERE (t.owner_id = 42001
       OR EXISTS (SELECT 1 FROM track_collaborators tc
                  WHERE tc.track_id = t.track_id AND tc.collaborator_user_id = 42001 AND tc.status = 'accepted'))
  AND t.is_unlisted = false
  AND t.is_delete = false
ORDER BY t.created_at DESC
LIMIT 100;"
elif [ ${#WANT[@]} -eq 0 ] || [[ " ${WANT[*]} " =~ " incident-a-or-exists " ]]; then
    echo "skipped incident-a-or-exists (needs the demo cluster: PLANLENS_DEMO_DIR=DIR)"
fi
