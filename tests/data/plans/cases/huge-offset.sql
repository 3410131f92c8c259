-- A huge OFFSET: 190,000 rows read and thrown away for 10.
:explain
SELECT * FROM big ORDER BY id OFFSET 190000 LIMIT 10;
