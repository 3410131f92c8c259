-- UPDATE ... RETURNING, rolled back.
BEGIN;
:explain
UPDATE big2 SET amount = amount + 1 WHERE id <= 100 RETURNING id, amount;
ROLLBACK;
