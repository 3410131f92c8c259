-- A correlated SubPlan with an aggregate, 30 loops.
:explain
SELECT s.id, (SELECT count(*) FROM big b WHERE b.k = s.id) AS n FROM small s WHERE s.id <= 30;
