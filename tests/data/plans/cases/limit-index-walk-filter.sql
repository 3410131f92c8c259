-- ORDER BY created_at DESC LIMIT 20 with a filter on status: the planner walks the created_at index backwards and its Filter throws away 400,000 rows (the failed rows are all old) (own table).
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'lw_events') AS lw_missing \gset
\if :lw_missing
-- 500,000 events, one every 10 s; 2,000 of them failed, all among the oldest 100,000 (an outage long ago).
CREATE TABLE lw_events (id int PRIMARY KEY, account_id int NOT NULL, status text NOT NULL,
                        created_at timestamptz NOT NULL, payload text NOT NULL);
INSERT INTO lw_events
SELECT i, i % 1000, CASE WHEN i <= 100000 AND i % 50 = 0 THEN 'failed' ELSE 'done' END,
       timestamptz '2026-01-01 00:00:00+00' + i * interval '10 seconds', repeat('x', 40)
FROM generate_series(1, 500000) i;
CREATE INDEX lw_events_created_at_idx ON lw_events (created_at);
VACUUM ANALYZE lw_events;
\endif
:explain
SELECT id, account_id, created_at FROM lw_events WHERE status = 'failed' ORDER BY created_at DESC LIMIT 20;
