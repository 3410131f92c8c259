-- A correlated scalar SubPlan run once per outer row (loops = outer rows).
:explain
SELECT s.id, (SELECT max(b.v) FROM big b WHERE b.grp = s.grp) AS max_v FROM small s WHERE s.id <= 20;
