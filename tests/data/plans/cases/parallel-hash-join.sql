-- Parallel Hash Join under Gather, with per-worker figures.
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
:explain
SELECT count(*) FROM big b JOIN big2 b2 ON b2.big_id = b.id;
