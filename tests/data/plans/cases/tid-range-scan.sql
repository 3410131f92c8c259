-- Tid Range Scan (ctid < ...).
:explain
SELECT count(*) FROM big WHERE ctid < '(100,0)';
