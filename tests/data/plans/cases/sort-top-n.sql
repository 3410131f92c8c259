-- Top-N heapsort under LIMIT.
:explain
SELECT * FROM big ORDER BY payload LIMIT 10;
