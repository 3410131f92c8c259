-- Quiet counterpart of correlated-zip-city: two independent columns, so multiplying their selectivities is right.
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'zi_addresses') AS zi_missing \gset
\if :zi_missing
-- 100,000 addresses in 100 zip codes; the parity of the house number does not depend on the zip code.
CREATE TABLE zi_addresses (id int PRIMARY KEY, zip text NOT NULL, parity text NOT NULL, street text NOT NULL);
INSERT INTO zi_addresses
SELECT i, lpad((10000 + i % 100)::text, 5, '0'), CASE WHEN (i / 100) % 2 = 0 THEN 'even' ELSE 'odd' END,
       'street ' || i % 997
FROM generate_series(1, 100000) i;
CREATE INDEX zi_addresses_zip_idx ON zi_addresses (zip);
SET default_statistics_target = 1000;
ANALYZE zi_addresses;
RESET default_statistics_target;
\endif
:explain
SELECT id, street FROM zi_addresses WHERE zip = '10042' AND parity = 'odd';
