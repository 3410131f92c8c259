-- An InitPlan computing a scalar once for the outer filter.
:explain
SELECT count(*) FROM big WHERE v > (SELECT avg(v) FROM big);
