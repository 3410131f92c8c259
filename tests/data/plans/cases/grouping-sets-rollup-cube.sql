-- ROLLUP and CUBE together: a MixedAggregate or chained sorts.
:explain
SELECT grp % 5 AS g5, k % 4 AS k4, created, count(*) FROM big WHERE id <= 50000
GROUP BY ROLLUP (grp % 5, k % 4), CUBE (created);
