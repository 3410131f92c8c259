-- Incident A, after (the #942 fix): fetch the user's accepted collaborations first (an index-only scan of
-- the covering index, empty for almost every user), then widen the owner query with an explicit array.
-- $ids is the first column of the previous statement's result, bound as an array: the planner ORs a bitmap
-- of tracks(owner_id) with one of the track_id primary key (BitmapOr).
SELECT track_id FROM track_collaborators
WHERE collaborator_user_id = 42001 AND status = 'accepted';

SELECT t.track_id, t.owner_id, t.title, t.genre, t.created_at,
       coalesce(ap.count, 0) AS play_count,
       coalesce(agg.repost_count, 0) AS repost_count,
       coalesce(agg.save_count, 0) AS save_count
FROM tracks t
LEFT JOIN aggregate_plays ap ON ap.play_item_id = t.track_id
LEFT JOIN aggregate_track agg ON agg.track_id = t.track_id
WHERE (t.owner_id = 42001 OR t.track_id = ANY($ids))
  AND t.is_unlisted = false
  AND t.is_delete = false
ORDER BY t.created_at DESC
LIMIT 100;
