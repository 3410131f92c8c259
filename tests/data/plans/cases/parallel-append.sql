-- Parallel Append over the partitions of events.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET enable_partitionwise_aggregate = off;
:explain
SELECT count(*) FROM events WHERE value < 500;
