-- database: demo/projects
-- Incident B (membership=true) before, statement 1: the joined page query.
:explain
SELECT "projects".*
FROM "projects"
INNER JOIN "project_authorizations" ON "projects"."id" = "project_authorizations"."project_id"
WHERE "project_authorizations"."user_id" = 2
  AND "projects"."pending_delete" = FALSE
  AND "projects"."hidden" = FALSE
ORDER BY "projects"."created_at" DESC, "projects"."id" DESC
LIMIT 10 OFFSET 0;
