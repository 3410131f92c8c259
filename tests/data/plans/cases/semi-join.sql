-- EXISTS as a semi join.
:explain
SELECT count(*) FROM small s WHERE EXISTS (SELECT 1 FROM big b WHERE b.k = s.id);
