SELECT projects.id, projects.name, project_authorizations_2.access_level
FROM projects
LEFT OUTER JOIN project_authorizations project_authorizations_2
  ON project_authorizations_2.project_id = projects.id AND project_authorizations_2.user_id = 777
WHERE projects.pending_delete = FALSE
  AND projects.hidden = FALSE
  AND projects.id IN (199925, 199934, 199943, 199952, 199958, 199967, 199976, 199985, 199991, 200000)
ORDER BY projects.created_at DESC, projects.id DESC;
