SELECT track_id, title, created_at FROM tracks ORDER BY created_at, track_id;
