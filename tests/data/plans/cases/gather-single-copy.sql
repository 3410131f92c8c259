-- force_parallel_mode: a Gather with Single Copy over a plan that would run alone.
SET force_parallel_mode = on;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
:explain
SELECT * FROM small WHERE id = 5;
