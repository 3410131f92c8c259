-- Incident B with ?membership=true, after: one statement. "project_authorizations" is already in the FROM
-- clause (the membership join), hence the fresh alias: reusing the name fails with 42712 DuplicateAlias.
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
