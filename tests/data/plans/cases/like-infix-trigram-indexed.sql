-- The same ILIKE '%blue lamp%' with the pg_trgm GIN index (built in a transaction that is rolled back): a Bitmap Index Scan on it, nothing to advise.
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'tg_products') AS tg_missing \gset
\if :tg_missing
-- One product in 250 is a blue lamp; the other names are hex digits, which never contain "blue".
CREATE TABLE tg_products (id int PRIMARY KEY, name text NOT NULL, price numeric(10, 2) NOT NULL);
INSERT INTO tg_products
SELECT i, 'product ' || md5(i::text) || CASE WHEN i % 250 = 0 THEN ' Blue Lamp' ELSE '' END, (i % 1000) / 10.0
FROM generate_series(1, 200000) i;
ANALYZE tg_products;
\endif
BEGIN;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX tg_products_name_trgm_idx ON tg_products USING gin (name gin_trgm_ops);
:explain
SELECT id, name FROM tg_products WHERE name ILIKE '%blue lamp%';
ROLLBACK;
