-- Gather over a Partial Aggregate of a Parallel Seq Scan (2 workers).
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
:explain
SELECT count(*) FROM big WHERE payload LIKE '%ab%';
