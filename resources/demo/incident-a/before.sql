-- Incident A, before (seed 000): the profile query after #932 folded accepted collaborations in with
-- OR ... IN (subquery). The OR across two access paths defeats tracks(owner_id): PostgreSQL reads all of
-- `tracks` and tests each row against a hashed SubPlan. User 42001 is typical: 6 tracks, 3 accepted
-- collaborations.
SELECT t.track_id, t.owner_id, t.title, t.genre, t.created_at,
       coalesce(ap.count, 0) AS play_count,
       coalesce(agg.repost_count, 0) AS repost_count,
       coalesce(agg.save_count, 0) AS save_count
FROM tracks t
LEFT JOIN aggregate_plays ap ON ap.play_item_id = t.track_id
LEFT JOIN aggregate_track agg ON agg.track_id = t.track_id
WHERE (t.owner_id = 42001
       OR t.track_id IN (SELECT track_id FROM track_collaborators
                         WHERE collaborator_user_id = 42001 AND status = 'accepted'))
  AND t.is_unlisted = false
  AND t.is_delete = false
ORDER BY t.created_at DESC
LIMIT 100;
