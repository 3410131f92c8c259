-- EXPLAIN ANALYZE with TIMING OFF: rows and loops without times.
EXPLAIN (ANALYZE, TIMING OFF, BUFFERS, VERBOSE, SETTINGS, FORMAT :fmt)
SELECT count(*) FROM big b JOIN small s ON s.id = b.k WHERE b.grp = 7;
