-- Incident A, monthly-listens variant, after: the same prefetch, then `= ANY($ids)` (BitmapOr on tracks,
-- then the primary key of aggregate_monthly_plays per track). $ids = the first column of the first result.
SELECT track_id FROM track_collaborators
WHERE collaborator_user_id = 42001 AND status = 'accepted';

SELECT amp."timestamp" AS month,
       sum(amp.count) AS listens
FROM aggregate_monthly_plays amp
JOIN tracks t ON t.track_id = amp.play_item_id
WHERE (t.owner_id = 42001 OR t.track_id = ANY($ids))
  AND t.is_delete = false
  AND amp."timestamp" >= date '2024-01-01'
  AND amp."timestamp" < date '2025-07-01'
GROUP BY amp."timestamp"
ORDER BY amp."timestamp";
