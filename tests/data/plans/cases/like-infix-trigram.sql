-- ILIKE '%blue lamp%' on 200,000 products: a Seq Scan reads every row to keep 800; a pg_trgm GIN index is the advice (own table).
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'tg_products') AS tg_missing \gset
\if :tg_missing
-- One product in 250 is a blue lamp; the other names are hex digits, which never contain "blue".
CREATE TABLE tg_products (id int PRIMARY KEY, name text NOT NULL, price numeric(10, 2) NOT NULL);
INSERT INTO tg_products
SELECT i, 'product ' || md5(i::text) || CASE WHEN i % 250 = 0 THEN ' Blue Lamp' ELSE '' END, (i % 1000) / 10.0
FROM generate_series(1, 200000) i;
ANALYZE tg_products;
\endif
:explain
SELECT id, name FROM tg_products WHERE name ILIKE '%blue lamp%';
