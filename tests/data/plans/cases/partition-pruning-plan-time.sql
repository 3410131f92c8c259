-- Plan-time partition pruning: only the matching quarter is in the plan.
:explain
SELECT count(*) FROM events WHERE created_at >= date '2024-05-01' AND created_at < date '2024-06-01';
