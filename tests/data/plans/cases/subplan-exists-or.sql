-- OR EXISTS (...): an alternative SubPlan the executor may hash (incident B shape).
:explain
SELECT * FROM small s WHERE s.grp = 3 OR EXISTS (SELECT 1 FROM big b WHERE b.k = s.id AND b.v < 100) ORDER BY s.id LIMIT 20;
