-- Quiet counterpart of count-whole-table: count(*) of 1,000 rows found through the primary key (own table).
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'cw_visits') AS cw_missing \gset
\if :cw_missing
CREATE TABLE cw_visits (id int PRIMARY KEY, page text NOT NULL, visited_at timestamptz NOT NULL);
INSERT INTO cw_visits
SELECT i, CASE WHEN i % 100 = 0 THEN 'admin' ELSE 'page ' || i % 500 END,
       timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute'
FROM generate_series(1, 500000) i;
VACUUM ANALYZE cw_visits;
\endif
:explain
SELECT count(*) FROM cw_visits WHERE id BETWEEN 1000 AND 1999;
