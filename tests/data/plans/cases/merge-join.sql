-- Merge Join of two index scans.
SET enable_hashjoin = off;
SET enable_nestloop = off;
:explain
SELECT count(*) FROM big b JOIN big2 b2 ON b2.id = b.id;
