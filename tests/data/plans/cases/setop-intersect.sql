-- INTERSECT: HashSetOp over an Append of two subquery scans.
:explain
SELECT k FROM big INTERSECT SELECT id FROM small;
