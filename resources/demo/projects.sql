-- SPDX-License-Identifier: MIT
-- PlanLens demo database `projects`: a GitLab-like instance, reproducing incident B (seed 004): the
-- /api/v4/projects page query, then an access-level preload `... project_id IN (<the same page query>)`,
-- replaced by one query with a LEFT OUTER JOIN on project_authorizations.
--
-- Deterministic: each generating step calls setseed() first and reads random() in one single-process
-- INSERT ... SELECT, so the same rows come out on every machine. Run by `planlens demo start`; the NOTICE
-- lines are its progress report. Sizes and the users the examples use are described in docs/demo.md.

SET client_min_messages = notice;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';
SET max_parallel_maintenance_workers = 2;

CREATE TABLE users (
    id         integer PRIMARY KEY,
    username   text NOT NULL,
    name       text NOT NULL,
    admin      boolean NOT NULL DEFAULT false,
    state      text NOT NULL DEFAULT 'active',
    created_at timestamp NOT NULL
);

CREATE TABLE namespaces (
    id         integer PRIMARY KEY,
    name       text NOT NULL,
    path       text NOT NULL,
    type       text NOT NULL,               -- 'User' or 'Group'
    owner_id   integer,
    created_at timestamp NOT NULL
);

-- A subset of GitLab's projects columns: the ones the examples read, and enough others to give the rows
-- a realistic width (the page query fetches whole rows).
CREATE TABLE projects (
    id                          integer PRIMARY KEY,
    name                        text NOT NULL,
    path                        text NOT NULL,
    description                 text,
    created_at                  timestamp NOT NULL,
    updated_at                  timestamp NOT NULL,
    creator_id                  integer,
    namespace_id                integer NOT NULL,
    last_activity_at            timestamp,
    import_url                  text,
    visibility_level            integer NOT NULL DEFAULT 0,   -- 0 private, 10 internal, 20 public
    archived                    boolean NOT NULL DEFAULT false,
    avatar                      text,
    star_count                  integer NOT NULL DEFAULT 0,
    merge_requests_ff_only_enabled boolean NOT NULL DEFAULT false,
    shared_runners_enabled      boolean NOT NULL DEFAULT true,
    build_timeout               integer NOT NULL DEFAULT 3600,
    pending_delete              boolean NOT NULL DEFAULT false,
    repository_storage          text NOT NULL DEFAULT 'default',
    request_access_enabled      boolean NOT NULL DEFAULT true,
    lfs_enabled                 boolean,
    ci_config_path              text,
    marked_for_deletion_at      date,
    project_namespace_id        integer,
    hidden                      boolean NOT NULL DEFAULT false
);

-- Who may access which project, at which level (10 guest, 20 reporter, 30 developer, 40 maintainer,
-- 50 owner). GitLab's key is (user_id, project_id, access_level); the unique constraint on
-- (user_id, project_id) says a user has one level per project, which is what makes incident B's rewrite
-- (a LEFT JOIN instead of MAX(...) GROUP BY) provably return one row per project.
CREATE TABLE project_authorizations (
    user_id      integer NOT NULL,
    project_id   integer NOT NULL,
    access_level integer NOT NULL
);  -- keys and indexes are built after the load (faster than maintaining them row by row)

DO $$
BEGIN
    RAISE NOTICE '[1/6] users: 200,000 rows; namespaces: 250,000 rows';
    PERFORM setseed(0.111);
    INSERT INTO users (id, username, name, admin, state, created_at)
    SELECT u, 'user' || u, 'User ' || u, u <= 5, CASE WHEN random() < 0.03 THEN 'blocked' ELSE 'active' END,
           timestamp '2015-01-01' + u * interval '20 minutes'
    FROM generate_series(1, 200000) AS u;

    -- Namespaces 1..200000 are the users' personal ones, 200001..250000 groups.
    INSERT INTO namespaces (id, name, path, type, owner_id, created_at)
    SELECT n, CASE WHEN n <= 200000 THEN 'user' || n ELSE 'group-' || n END,
           CASE WHEN n <= 200000 THEN 'user' || n ELSE 'group-' || n END,
           CASE WHEN n <= 200000 THEN 'User' ELSE 'Group' END,
           CASE WHEN n <= 200000 THEN n ELSE 1 + floor(random() * 200000)::int END,
           timestamp '2015-01-01' + n * interval '16 minutes'
    FROM generate_series(1, 250000) AS n;

    -- Projects: ids grow with created_at (a few minutes of jitter, as imports and forks have); 60% private,
    -- 10% internal, 30% public; a few pending deletion or hidden.
    RAISE NOTICE '[2/6] projects: 500,000 rows';
    PERFORM setseed(0.222);
    INSERT INTO projects (id, name, path, description, created_at, updated_at, creator_id, namespace_id,
                          last_activity_at, import_url, visibility_level, archived, avatar, star_count,
                          merge_requests_ff_only_enabled, shared_runners_enabled, build_timeout, pending_delete,
                          repository_storage, request_access_enabled, lfs_enabled, ci_config_path,
                          marked_for_deletion_at, project_namespace_id, hidden)
    SELECT i, 'Project ' || i, 'project-' || i,
           CASE WHEN r1 < 0.6 THEN 'A ' || (ARRAY['service', 'library', 'tool', 'website', 'pipeline', 'bot'])[1 + i % 6]
                                   || ' for ' || (ARRAY['payments', 'search', 'docs', 'infra', 'mobile', 'data', 'ml'])[1 + i % 7] END,
           created, created + r2 * interval '400 days', creator, CASE WHEN r3 < 0.5 THEN creator ELSE 200001 + floor(r3 * 100000)::int % 50000 END,
           created + r2 * interval '500 days',
           CASE WHEN r4 < 0.05 THEN 'https://github.com/example/repo-' || i || '.git' END,
           CASE WHEN r5 < 0.6 THEN 0 WHEN r5 < 0.7 THEN 10 ELSE 20 END,
           r4 > 0.97,
           CASE WHEN r1 < 0.2 THEN 'avatar-' || i || '.png' END,
           floor(power(r2, 8) * 2000)::int,
           r3 < 0.1, r4 < 0.9, 3600, r6 < 0.005,
           CASE WHEN r6 < 0.5 THEN 'default' ELSE 'storage-' || (1 + i % 3) END,
           true, r5 < 0.8, NULL, NULL, 250000 + i, r6 > 0.998
    FROM (SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
                 random() AS r6, 1 + floor(random() * 200000)::int AS creator,
                 timestamp '2016-01-01' + i * interval '8 minutes' + random() * interval '20 minutes' AS created
          FROM generate_series(1, 500000) AS i
          OFFSET 0) AS g;  -- OFFSET 0: keep the subquery, so each random() is drawn once per row

    -- Authorizations: user u holds about 60000 * u^-0.8 projects (power law: user 1 ~54,000, user 10
    -- ~12,000, the median user 5; ~3 million rows in all). Each user walks the project ids from a
    -- random start with a stride coprime to 500000, so a user never gets the same project twice.
    RAISE NOTICE '[3/6] project_authorizations: about 3,000,000 rows, power-law users';
    PERFORM setseed(0.333);
    INSERT INTO project_authorizations (user_id, project_id, access_level)
    SELECT u.u, 1 + ((u.start + k * u.stride) % 500000)::int,
           (ARRAY[10, 20, 30, 30, 30, 40, 50])[1 + floor(random() * 7)::int]
    FROM (SELECT u, floor(random() * 500000)::bigint AS start,
                 (ARRAY[1, 3, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 7919, 104729])[1 + floor(random() * 16)::int]::bigint AS stride,
                 greatest(1, floor(60000 * power(u, -0.8) * (0.75 + random() * 0.5)))::int AS n
          FROM generate_series(1, 200000) AS u
          OFFSET 0) AS u
    CROSS JOIN LATERAL generate_series(0, u.n - 1) AS k;
END
$$;

-- The user the examples are written for (docs/demo.md): user 2, the second-heaviest (~41,000
-- authorizations), is also a developer in the group behind the newest projects (every third of the last
-- 3,000), so the first page holds projects with and without an access level for them.
DO $$
BEGIN
    RAISE NOTICE '[4/6] example user: 2 (many authorizations, member of the newest projects)';
    DELETE FROM project_authorizations WHERE user_id = 2 AND project_id > 497000;
    INSERT INTO project_authorizations (user_id, project_id, access_level)
    SELECT 2, p, CASE WHEN p % 5 = 0 THEN 40 ELSE 30 END FROM generate_series(497001, 500000) AS p WHERE p % 3 = 0;
END
$$;

DO $$ BEGIN RAISE NOTICE '[5/6] indexes and keys'; END $$;
CREATE INDEX index_projects_on_created_at_and_id ON projects (created_at, id);
CREATE INDEX index_projects_on_namespace_id ON projects (namespace_id);
CREATE INDEX index_projects_on_creator_id ON projects (creator_id);
ALTER TABLE project_authorizations
    ADD CONSTRAINT project_authorizations_pkey PRIMARY KEY (user_id, project_id, access_level),
    ADD CONSTRAINT project_authorizations_user_id_project_id_key UNIQUE (user_id, project_id);
CREATE INDEX index_project_authorizations_on_project_id ON project_authorizations (project_id);

DO $$ BEGIN RAISE NOTICE '[6/6] vacuum analyze (visibility map for index-only scans, statistics)'; END $$;
VACUUM ANALYZE users;
VACUUM ANALYZE namespaces;
VACUUM ANALYZE projects;
VACUUM ANALYZE project_authorizations;
DO $$ BEGIN RAISE NOTICE 'done'; END $$;
