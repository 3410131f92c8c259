SELECT projects.id, projects.name, projects.created_at
FROM projects
WHERE (EXISTS (SELECT 1 FROM project_authorizations
               WHERE project_authorizations.user_id = 777
                 AND (project_authorizations.project_id = projects.id))
       OR projects.visibility_level IN (0, 10, 20))
  AND projects.pending_delete = FALSE
  AND projects.hidden = FALSE
ORDER BY projects.created_at DESC, projects.id DESC
LIMIT 20 OFFSET 0;
