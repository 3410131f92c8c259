-- Run-time pruning per outer row of a Nested Loop (parameterized Append).
SET enable_hashjoin = off;
SET enable_mergejoin = off;
:explain
SELECT d.day, count(*) FROM event_days d JOIN events e ON e.created_at = d.day GROUP BY d.day;
