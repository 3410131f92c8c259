-- Correlated columns: the estimate is 100x too low.
:explain
SELECT * FROM corr WHERE a = 5 AND b = 5;
