SELECT count(*) FROM events
WHERE created_at >= timestamptz '2024-03-01' AND created_at < timestamptz '2024-04-01';
