-- database: demo/projects
-- Incident B after: the page query with LEFT OUTER JOIN project_authorizations_2.
:explain
SELECT "projects".*,
       "project_authorizations_2"."access_level"
FROM "projects"
LEFT OUTER JOIN "project_authorizations" "project_authorizations_2"
       ON "project_authorizations_2"."project_id" = "projects"."id"
      AND "project_authorizations_2"."user_id" = 2
WHERE (EXISTS (SELECT 1 FROM "project_authorizations"
               WHERE "project_authorizations"."user_id" = 2
                 AND (project_authorizations.project_id = projects.id))
       OR projects.visibility_level IN (0, 10, 20))
  AND "projects"."pending_delete" = FALSE
  AND "projects"."hidden" = FALSE
ORDER BY "projects"."created_at" DESC, "projects"."id" DESC
LIMIT 20 OFFSET 0;
