SELECT count(*) FROM tracks t
WHERE t.track_id NOT IN (SELECT tc.track_id FROM track_collaborators tc);
