-- DISTINCT through Unique over a sorted index scan.
SET enable_hashagg = off;
:explain
SELECT DISTINCT grp FROM big;
