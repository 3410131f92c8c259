-- Merge Append of two ordered index scans under LIMIT (UNION ALL ... ORDER BY).
:explain
SELECT id FROM big UNION ALL SELECT id FROM big2 ORDER BY id LIMIT 20;
