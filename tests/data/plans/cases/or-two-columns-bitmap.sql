-- Quiet counterpart of or-two-columns: both columns indexed, the planner combines the two indexes in a BitmapOr (own table).
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'oc_contacts_both') AS ocb_missing \gset
\if :ocb_missing
CREATE TABLE oc_contacts_both (id int PRIMARY KEY, email text NOT NULL, phone text NOT NULL, name text NOT NULL);
INSERT INTO oc_contacts_both
SELECT i, 'user' || i || '@example.com', '+1-555-' || lpad(i::text, 7, '0'), 'name ' || i
FROM generate_series(1, 300000) i;
CREATE INDEX oc_contacts_both_email_idx ON oc_contacts_both (email);
CREATE INDEX oc_contacts_both_phone_idx ON oc_contacts_both (phone);
VACUUM ANALYZE oc_contacts_both;
\endif
:explain
SELECT id, name FROM oc_contacts_both WHERE email = 'user4242@example.com' OR phone = '+1-555-0171717';
