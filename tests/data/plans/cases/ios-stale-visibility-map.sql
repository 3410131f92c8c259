-- Index Only Scan right after a bulk insert: no VACUUM yet, so every row is a heap fetch (stale visibility map).
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'ios_stale') AS ios_missing \gset
\if :ios_missing
CREATE TABLE ios_stale (id int PRIMARY KEY, v int NOT NULL, payload text NOT NULL);
INSERT INTO ios_stale SELECT i, i % 1000, repeat('x', 40) FROM generate_series(1, 200000) i;
CREATE INDEX ios_stale_v_id_idx ON ios_stale (v, id);
-- ANALYZE only: it does not set visibility map bits (VACUUM does). Autovacuum is off in the capture cluster.
ANALYZE ios_stale;
\endif
SET enable_seqscan = off;
SET enable_bitmapscan = off;
:explain
SELECT v, id FROM ios_stale WHERE v BETWEEN 100 AND 400;
