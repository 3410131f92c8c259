-- EXPLAIN (COSTS OFF): only the tree and conditions.
EXPLAIN (COSTS OFF, FORMAT :fmt)
SELECT * FROM big WHERE grp = 7 AND v > 500 ORDER BY id LIMIT 3;
