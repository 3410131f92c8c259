SELECT count(*) FROM events
WHERE date_trunc('month', created_at) = timestamptz '2024-03-01';
