-- database: demo/tracks
-- Incident A after, statement 1: the prefetch (Index Only Scan of the covering index).
:explain
SELECT track_id FROM track_collaborators
WHERE collaborator_user_id = 42001 AND status = 'accepted';
