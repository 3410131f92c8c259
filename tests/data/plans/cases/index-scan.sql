-- Index Scan on the primary key with a range condition.
:explain
SELECT * FROM big WHERE id BETWEEN 100 AND 120;
