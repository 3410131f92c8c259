-- Correlated columns: city depends on zip, so WHERE zip AND city is estimated 50x too low (CREATE STATISTICS fixes it).
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'zc_addresses') AS zc_missing \gset
\if :zc_missing
-- 100,000 addresses in 100 zip codes; each city has two zip codes (city is a function of zip).
CREATE TABLE zc_addresses (id int PRIMARY KEY, zip text NOT NULL, city text NOT NULL, street text NOT NULL);
INSERT INTO zc_addresses
SELECT i, lpad((10000 + i % 100)::text, 5, '0'), 'city ' || (i % 100) / 2, 'street ' || i % 997
FROM generate_series(1, 100000) i;
CREATE INDEX zc_addresses_zip_idx ON zc_addresses (zip);
-- Every row in the sample, so that the statistics (and the estimates) are the same on every capture.
SET default_statistics_target = 1000;
ANALYZE zc_addresses;
RESET default_statistics_target;
\endif
:explain
SELECT id, street FROM zc_addresses WHERE zip = '10042' AND city = 'city 21';
