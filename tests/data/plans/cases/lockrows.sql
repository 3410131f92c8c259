-- SELECT ... FOR UPDATE: LockRows, rolled back.
BEGIN;
:explain
SELECT * FROM accounts WHERE id <= 10 FOR UPDATE;
ROLLBACK;
