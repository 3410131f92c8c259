-- An ordered Append of per-partition index scans (range partitions in order, no merge needed).
:explain
SELECT * FROM events ORDER BY created_at LIMIT 50;
