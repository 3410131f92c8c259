-- Range-partitioned events: 24 monthly partitions (2025-01 .. 2026-12) plus an empty default partition,
-- 10,000 deterministic rows a month, indexes on ts and on user_id in every partition.
CREATE TABLE events (id bigint NOT NULL, ts timestamptz NOT NULL, user_id integer NOT NULL, kind text NOT NULL,
                     amount numeric(10,2) NOT NULL)
    PARTITION BY RANGE (ts);
DO $$
DECLARE m date := date '2025-01-01';
BEGIN
    WHILE m < date '2027-01-01' LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                       'events_' || to_char(m, 'YYYY_MM'), m, m + interval '1 month');
        m := m + interval '1 month';
    END LOOP;
END $$;
CREATE TABLE events_default PARTITION OF events DEFAULT;
-- About 10,000 rows a month (one every 4.38 minutes) ...
INSERT INTO events
SELECT g.i, timestamptz '2025-01-01 00:00+00' + (g.i * interval '1 minute' * 4.38), (g.i * 7919) % 5000,
       (ARRAY['click', 'view', 'buy'])[1 + g.i % 3], ((g.i * 37) % 10000) / 100.0
FROM generate_series(0, 239999) AS g(i);
-- ... and a campaign month, 2026-03, with 40,000 more: the partition that costs the most.
INSERT INTO events
SELECT 240000 + g.i, timestamptz '2026-03-01 00:00+00' + (g.i * interval '1 minute' * 1.1), (g.i * 7907) % 5000,
       'buy', ((g.i * 53) % 10000) / 100.0
FROM generate_series(0, 39999) AS g(i);
CREATE INDEX events_ts_idx ON events (ts);
CREATE INDEX events_user_id_idx ON events (user_id);
VACUUM ANALYZE events;
