-- Index Scan Backward feeding a LIMIT.
:explain
SELECT id, v FROM big ORDER BY id DESC LIMIT 5;
