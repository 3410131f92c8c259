-- NOT EXISTS as an anti join.
:explain
SELECT count(*) FROM small s WHERE NOT EXISTS (SELECT 1 FROM big2 b WHERE b.big_id = s.id);
