SELECT tc.track_id FROM track_collaborators tc
WHERE tc.collaborator_user_id = 4242 AND tc.status = 'accepted';

SELECT t.track_id, t.title, t.created_at
FROM tracks t
WHERE t.owner_id = 4242 OR t.track_id = ANY('{}'::bigint[])
ORDER BY t.created_at DESC
LIMIT 20;
