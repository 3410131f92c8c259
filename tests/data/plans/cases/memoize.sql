-- Nested Loop with Memoize caching the inner index scan by key (hits and misses).
SET enable_hashjoin = off;
SET enable_mergejoin = off;
:explain
SELECT count(*) FROM big b JOIN small s ON s.id = b.grp + 1;
