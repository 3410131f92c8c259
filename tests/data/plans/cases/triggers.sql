-- UPDATE firing a BEFORE and an AFTER row trigger (Triggers section), rolled back.
BEGIN;
:explain
UPDATE accounts SET balance = balance + 1 WHERE id <= 50;
ROLLBACK;
