-- Incident A, monthly-listens variant (v1_users_listen_counts_monthly after #932): the same OR ... IN
-- (subquery) on tracks, here feeding a GROUP BY over the monthly play counts. PostgreSQL reads all of
-- `tracks` with a hashed SubPlan filter and joins it to every monthly row of the period.
SELECT amp."timestamp" AS month,
       sum(amp.count) AS listens
FROM aggregate_monthly_plays amp
JOIN tracks t ON t.track_id = amp.play_item_id
WHERE (t.owner_id = 42001
       OR t.track_id IN (SELECT track_id FROM track_collaborators
                         WHERE collaborator_user_id = 42001 AND status = 'accepted'))
  AND t.is_delete = false
  AND amp."timestamp" >= date '2024-01-01'
  AND amp."timestamp" < date '2025-07-01'
GROUP BY amp."timestamp"
ORDER BY amp."timestamp";
