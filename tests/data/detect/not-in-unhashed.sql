SELECT count(*) FROM users u
WHERE u.user_id NOT IN (SELECT t.owner_id FROM tracks t WHERE t.genre = 'rock');
