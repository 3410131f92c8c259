-- Quiet counterpart of ios-stale-visibility-map: the same table after VACUUM (ANALYZE), Heap Fetches: 0.
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'ios_vacuumed') AS ios_missing \gset
\if :ios_missing
CREATE TABLE ios_vacuumed (id int PRIMARY KEY, v int NOT NULL, payload text NOT NULL);
INSERT INTO ios_vacuumed SELECT i, i % 1000, repeat('x', 40) FROM generate_series(1, 200000) i;
CREATE INDEX ios_vacuumed_v_id_idx ON ios_vacuumed (v, id);
VACUUM (ANALYZE) ios_vacuumed;
\endif
SET enable_seqscan = off;
SET enable_bitmapscan = off;
:explain
SELECT v, id FROM ios_vacuumed WHERE v BETWEEN 100 AND 400;
