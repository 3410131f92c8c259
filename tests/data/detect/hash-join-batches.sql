SELECT t.track_id, u.name
FROM tracks t JOIN users u ON u.user_id = t.owner_id
WHERE t.genre = 'jazz';
