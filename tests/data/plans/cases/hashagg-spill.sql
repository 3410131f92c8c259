-- HashAggregate that spills: Batches > 1 and Disk Usage.
SET work_mem = '64kB';
SET enable_sort = off;
SET enable_indexscan = off;
SET enable_indexonlyscan = off;
SET enable_bitmapscan = off;
:explain
SELECT v, count(*) FROM big GROUP BY v;
