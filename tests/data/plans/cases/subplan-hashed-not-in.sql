-- NOT IN (subquery): a hashed SubPlan in the filter.
:explain
SELECT count(*) FROM big WHERE k NOT IN (SELECT id FROM small);
