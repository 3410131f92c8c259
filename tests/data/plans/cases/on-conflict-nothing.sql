-- INSERT ... ON CONFLICT DO NOTHING, rolled back.
BEGIN;
:explain
INSERT INTO accounts SELECT i, 0, 'new' FROM generate_series(19995, 20005) AS i ON CONFLICT DO NOTHING;
ROLLBACK;
