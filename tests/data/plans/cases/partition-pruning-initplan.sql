-- Run-time pruning from an InitPlan value: the other partitions are never executed.
:explain
SELECT count(*) FROM events WHERE created_at = (SELECT max(day) FROM event_days);
