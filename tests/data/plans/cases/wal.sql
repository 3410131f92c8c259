-- EXPLAIN (ANALYZE, WAL) of an INSERT: WAL records, FPI and bytes, rolled back.
BEGIN;
EXPLAIN (ANALYZE, BUFFERS, WAL, VERBOSE, SETTINGS, FORMAT :fmt)
INSERT INTO audit_log (account_id) SELECT i FROM generate_series(1, 500) AS i;
ROLLBACK;
