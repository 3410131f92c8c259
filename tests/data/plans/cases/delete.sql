-- DELETE, rolled back.
BEGIN;
:explain
DELETE FROM big2 WHERE id <= 1000;
ROLLBACK;
