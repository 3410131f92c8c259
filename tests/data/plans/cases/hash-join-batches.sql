-- Hash Join whose hash table spills: Batches > 1 (work_mem 256kB).
SET work_mem = '256kB';
SET enable_mergejoin = off;
SET enable_nestloop = off;
:explain
SELECT count(*), sum(b2.amount) FROM big b JOIN big2 b2 ON b2.big_id = b.id;
