SELECT t.track_id, t.owner_id, t.title, t.genre, t.created_at,
       coalesce(ap.count, 0) AS play_count,
       coalesce(agg.repost_count, 0) AS repost_count,
       coalesce(agg.save_count, 0) AS save_count
FROM tracks t
LEFT JOIN aggregate_plays ap ON ap.play_item_id = t.track_id
LEFT JOIN aggregate_track agg ON agg.track_id = t.track_id
WHERE (t.owner_id = 42001
       OR EXISTS (SELECT 1 FROM track_collaborators tc
                  WHERE tc.track_id = t.track_id AND tc.collaborator_user_id = 42001 AND tc.status = 'accepted'))
  AND t.is_unlisted = false
  AND t.is_delete = false
ORDER BY t.created_at DESC
LIMIT 100;
