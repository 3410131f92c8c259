SELECT t.track_id, t.title, t.created_at
FROM tracks t
WHERE t.owner_id = 1
ORDER BY t.created_at DESC
LIMIT 20;
