-- A MATERIALIZED CTE scanned twice (CTE Scan over the CTE subplan).
:explain
WITH g AS MATERIALIZED (SELECT grp, avg(v) AS av FROM big GROUP BY grp)
SELECT * FROM g a JOIN g b ON a.grp = b.grp + 1;
