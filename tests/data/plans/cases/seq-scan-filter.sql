-- Seq Scan with a Filter that removes most rows.
:explain
SELECT id, v FROM big WHERE v % 97 = 3;
