-- Bitmap Heap Scan that exceeds work_mem: lossy heap blocks and Rows Removed by Index Recheck.
SET work_mem = '64kB';
SET enable_seqscan = off;
SET enable_indexscan = off;
SET enable_indexonlyscan = off;
:explain
SELECT count(*) FROM big WHERE k < 300;
