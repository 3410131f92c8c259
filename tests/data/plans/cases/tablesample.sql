-- Sample Scan (TABLESAMPLE SYSTEM, repeatable).
:explain
SELECT count(*) FROM big TABLESAMPLE SYSTEM (5) REPEATABLE (42);
