SELECT MAX(project_authorizations.access_level) AS maximum_access_level,
       project_authorizations.project_id AS project_authorizations_project_id
FROM project_authorizations
WHERE project_authorizations.user_id = 777
  AND project_authorizations.project_id IN (
    SELECT projects.id
    FROM projects
    INNER JOIN project_authorizations ON projects.id = project_authorizations.project_id
    WHERE project_authorizations.user_id = 777
      AND projects.pending_delete = FALSE
      AND projects.hidden = FALSE
    ORDER BY projects.created_at DESC, projects.id DESC
    LIMIT 10 OFFSET 0)
GROUP BY project_authorizations.project_id;
