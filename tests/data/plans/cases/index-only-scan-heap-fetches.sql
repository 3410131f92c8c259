-- Index Only Scan on a table whose pages are not all-visible: Heap Fetches > 0.
SET enable_seqscan = off;
SET enable_bitmapscan = off;
:explain
SELECT v, id FROM vis WHERE v = 7;
