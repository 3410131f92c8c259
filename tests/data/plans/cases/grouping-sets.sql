-- GROUPING SETS: several group keys in one aggregate.
:explain
SELECT grp, k % 3 AS k3, count(*) FROM big GROUP BY GROUPING SETS ((grp), (k % 3), ());
