-- Sort that spills to disk: Sort Method: external merge.
SET work_mem = '64kB';
:explain
SELECT id, payload FROM big ORDER BY payload;
