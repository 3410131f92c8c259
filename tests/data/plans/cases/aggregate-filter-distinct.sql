-- Aggregate with FILTER and DISTINCT (sorts inside the aggregate).
:explain
SELECT count(DISTINCT k) FILTER (WHERE v < 50000), sum(v) FROM big WHERE grp < 10;
