-- Subquery Scan kept by OFFSET 0, filtered above the aggregate.
:explain
SELECT * FROM (SELECT grp, count(*) AS c FROM big GROUP BY grp OFFSET 0) AS s WHERE c > 3999;
