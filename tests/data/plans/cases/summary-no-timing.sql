-- EXPLAIN ANALYZE with SUMMARY OFF (no planning/execution time lines).
EXPLAIN (ANALYZE, SUMMARY OFF, FORMAT :fmt)
SELECT count(*) FROM small WHERE grp = 3;
