-- INSERT ... ON CONFLICT DO UPDATE: arbiter index, conflicting tuples, rolled back.
BEGIN;
:explain
INSERT INTO accounts SELECT i, 0, 'new' FROM generate_series(19990, 20010) AS i
ON CONFLICT (id) DO UPDATE SET balance = EXCLUDED.balance;
ROLLBACK;
