-- WindowAgg over a sort by partition and order keys.
:explain
SELECT id, grp, row_number() OVER w AS rn, sum(v) OVER w AS running FROM big WHERE id <= 20000
WINDOW w AS (PARTITION BY grp ORDER BY v);
