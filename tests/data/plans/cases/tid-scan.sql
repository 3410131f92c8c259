-- Tid Scan (ctid = ...).
:explain
SELECT * FROM big WHERE ctid = '(5,3)';
