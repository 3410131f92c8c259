-- WITH RECURSIVE: Recursive Union, WorkTable Scan, CTE Scan.
:explain
WITH RECURSIVE sub AS (
    SELECT id, parent_id, 1 AS depth FROM tree WHERE id = 1
    UNION ALL
    SELECT t.id, t.parent_id, sub.depth + 1 FROM tree t JOIN sub ON t.parent_id = sub.id)
SELECT depth, count(*) FROM sub GROUP BY depth ORDER BY depth;
