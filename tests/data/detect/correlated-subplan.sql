SELECT u.user_id, u.name,
       (SELECT count(*) FROM tracks t WHERE t.owner_id = u.user_id) AS n_tracks
FROM users u;
