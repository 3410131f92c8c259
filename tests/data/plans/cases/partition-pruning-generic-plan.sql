-- A generic plan of a prepared statement: partitions removed at executor start (Subplans Removed).
SET plan_cache_mode = force_generic_plan;
PREPARE by_day(date) AS SELECT count(*) FROM events WHERE created_at = $1;
:explain
EXECUTE by_day('2024-08-15');
