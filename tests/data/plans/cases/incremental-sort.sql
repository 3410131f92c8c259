-- Incremental Sort on top of an index that sorts the leading key.
:explain
SELECT * FROM big ORDER BY grp, v LIMIT 100;
