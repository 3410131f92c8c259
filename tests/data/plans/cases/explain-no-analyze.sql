-- Plain EXPLAIN (no ANALYZE): estimates only.
EXPLAIN (VERBOSE, SETTINGS, FORMAT :fmt)
SELECT s.name, count(*) FROM small s JOIN big b ON b.grp = s.grp WHERE s.id < 10 GROUP BY s.name;
