-- database: demo/projects
-- Incident B (membership=true) after: one statement, fresh alias.
:explain
SELECT "projects".*,
       "project_authorizations_2"."access_level"
FROM "projects"
INNER JOIN "project_authorizations" ON "projects"."id" = "project_authorizations"."project_id"
LEFT OUTER JOIN "project_authorizations" "project_authorizations_2"
       ON "project_authorizations_2"."project_id" = "projects"."id"
      AND "project_authorizations_2"."user_id" = 2
WHERE "project_authorizations"."user_id" = 2
  AND "projects"."pending_delete" = FALSE
  AND "projects"."hidden" = FALSE
ORDER BY "projects"."created_at" DESC, "projects"."id" DESC
LIMIT 10 OFFSET 0;
