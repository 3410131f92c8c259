-- OR of two columns of one table, only one of them indexed: no BitmapOr, a Seq Scan filters 300,000 rows to keep 2 (own table).
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'oc_contacts') AS oc_missing \gset
\if :oc_missing
CREATE TABLE oc_contacts (id int PRIMARY KEY, email text NOT NULL, phone text NOT NULL, name text NOT NULL);
INSERT INTO oc_contacts
SELECT i, 'user' || i || '@example.com', '+1-555-' || lpad(i::text, 7, '0'), 'name ' || i
FROM generate_series(1, 300000) i;
CREATE INDEX oc_contacts_email_idx ON oc_contacts (email);
VACUUM ANALYZE oc_contacts;
\endif
:explain
SELECT id, name FROM oc_contacts WHERE email = 'user4242@example.com' OR phone = '+1-555-0171717';
