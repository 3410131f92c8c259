-- SPDX-License-Identifier: MIT
-- PlanLens demo database `tracks`: a music service, reproducing incident A (seed 000):
-- `WHERE (t.owner_id = X OR t.track_id IN (SELECT track_id FROM track_collaborators ...))` defeats the
-- tracks(owner_id) index and reads all of `tracks`, while the prefetch + `= ANY($ids)` form uses a BitmapOr.
--
-- Deterministic: every generating step calls setseed() first and reads random() in one single-process
-- INSERT ... SELECT (PostgreSQL 15 does not parallelise INSERT), so the same rows come out on every machine.
-- Run by `planlens demo start` (psql -v ON_ERROR_STOP=1); the NOTICE lines are its progress report.
-- Sizes and the users the examples use are described in docs/demo.md: keep both in step.

SET client_min_messages = notice;
SET maintenance_work_mem = '256MB';
SET work_mem = '64MB';
-- Loading is single-process by design (determinism); index builds may use parallel workers.
SET max_parallel_maintenance_workers = 2;

CREATE TABLE users (
    user_id      integer PRIMARY KEY,
    handle       text NOT NULL,
    name         text NOT NULL,
    is_verified  boolean NOT NULL DEFAULT false,
    is_deactivated boolean NOT NULL DEFAULT false,
    created_at   timestamp NOT NULL
);

CREATE TABLE tracks (
    track_id     integer PRIMARY KEY,
    owner_id     integer NOT NULL,
    title        text NOT NULL,
    genre        text,
    mood         text,
    duration     integer NOT NULL,          -- seconds
    is_unlisted  boolean NOT NULL DEFAULT false,
    is_delete    boolean NOT NULL DEFAULT false,
    is_available boolean NOT NULL DEFAULT true,
    created_at   timestamp NOT NULL,
    updated_at   timestamp NOT NULL,
    release_date timestamp,
    cover_art    text
);

-- Collaborations a track owner offers to another user; a feature that had just shipped: a few hundred rows.
CREATE TABLE track_collaborators (
    track_id             integer NOT NULL,
    collaborator_user_id integer NOT NULL,
    status               text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
    created_at           timestamp NOT NULL,
    PRIMARY KEY (track_id, collaborator_user_id)
);

CREATE TABLE aggregate_plays (
    play_item_id integer PRIMARY KEY,
    count        bigint NOT NULL
);

CREATE TABLE aggregate_track (
    track_id      integer PRIMARY KEY,
    repost_count  integer NOT NULL,
    save_count    integer NOT NULL,
    comment_count integer NOT NULL
);

CREATE TABLE aggregate_monthly_plays (
    play_item_id integer NOT NULL,
    "timestamp"  date NOT NULL,             -- first day of the month
    count        bigint NOT NULL,
    PRIMARY KEY (play_item_id, "timestamp")
);

DO $$
BEGIN
    RAISE NOTICE '[1/7] users: 100,000 rows';
    PERFORM setseed(0.101);
    INSERT INTO users (user_id, handle, name, is_verified, is_deactivated, created_at)
    SELECT u, 'user_' || u, 'User ' || u, u <= 200 OR random() < 0.01, random() < 0.005,
           timestamp '2019-01-01' + (u * interval '25 minutes') + random() * interval '1 hour'
    FROM generate_series(1, 100000) AS u;

    -- Owners: 12% of the tracks belong to six label accounts (users 1-6, ~20,000 tracks each); the rest follow
    -- a power law over users 7..100000 (random()^2.5: user 7 has ~9,000 tracks, a typical user 1 to 10).
    -- track_id grows with created_at, as ids do in a live service.
    RAISE NOTICE '[2/7] tracks: 1,000,000 rows, skewed owners';
    PERFORM setseed(0.202);
    INSERT INTO tracks (track_id, owner_id, title, genre, mood, duration, is_unlisted, is_delete, is_available,
                        created_at, updated_at, release_date, cover_art)
    SELECT i,
           CASE WHEN r < 0.12 THEN 1 + floor(random() * 6)::int
                ELSE 7 + floor(99994 * power(random(), 2.5))::int END,
           'Track ' || i || ' ' || (ARRAY['Night', 'Drive', 'Echo', 'Gold', 'River', 'Static', 'Bloom', 'Neon'])[1 + (i % 8)],
           (ARRAY['Electronic', 'Hip-Hop/Rap', 'Alternative', 'Pop', 'Rock', 'Lo-Fi', 'House', 'Techno',
                  'Ambient', 'R&B/Soul', 'Jazz', 'Classical', 'Folk', 'Metal', 'Dubstep', 'Trap'])[1 + floor(random() * 16)::int],
           (ARRAY['Peaceful', 'Energizing', 'Melancholy', 'Upbeat', 'Dark', 'Romantic'])[1 + floor(random() * 6)::int],
           90 + floor(random() * 300)::int,
           random() < 0.05,
           random() < 0.03,
           random() >= 0.01,
           created, created + random() * interval '30 days', created,
           'Qm' || md5(i::text)
    FROM (SELECT i, random() AS r,
                 timestamp '2019-06-01' + (i * interval '3 minutes') + random() * interval '3 minutes' AS created
          FROM generate_series(1, 1000000) AS i
          OFFSET 0) AS g;  -- OFFSET 0: keep the subquery, so each random() is drawn once per row

    RAISE NOTICE '[3/7] track_collaborators: a few hundred rows';
    PERFORM setseed(0.303);
    INSERT INTO track_collaborators (track_id, collaborator_user_id, status, created_at)
    SELECT DISTINCT ON (track_id, collaborator_user_id) track_id, collaborator_user_id, status, created_at
    FROM (SELECT 1 + floor(random() * 1000000)::int AS track_id,
                 1000 + floor(random() * 99000)::int AS collaborator_user_id,
                 CASE WHEN random() < 0.7 THEN 'accepted' WHEN random() < 0.8 THEN 'pending' ELSE 'declined' END AS status,
                 timestamp '2025-05-01' + random() * interval '30 days' AS created_at
          FROM generate_series(1, 400)) AS c
    ORDER BY track_id, collaborator_user_id;
END
$$;

-- The users the examples are written for (docs/demo.md): data planted on top of the random rows so the
-- examples do not depend on where the random draws fall.
--   42001  typical user: 6 tracks of their own (one unlisted or deleted), 3 accepted collaborations and 1 pending one
--   61010  typical user with no collaboration at all (the ~every-user case of the incident)
--   3      heavy owner (a label account, ~20,000 tracks)
DO $$
BEGIN
    RAISE NOTICE '[3/7] example users: 42001 (collaborator), 61010 (no collaborations), 3 (heavy owner)';
    DELETE FROM track_collaborators WHERE collaborator_user_id IN (42001, 61010, 3);
    INSERT INTO track_collaborators (track_id, collaborator_user_id, status, created_at) VALUES
        (123457, 42001, 'accepted', '2025-05-02 10:00'),
        (654321, 42001, 'accepted', '2025-05-09 18:30'),
        (888888, 42001, 'accepted', '2025-05-20 08:15'),
        (424242, 42001, 'pending',  '2025-05-28 21:45');
    UPDATE tracks SET is_unlisted = false, is_delete = false, is_available = true
    WHERE track_id IN (123457, 654321, 888888, 424242);
END
$$;

DO $$
BEGIN
    RAISE NOTICE '[4/7] aggregate_plays, aggregate_track: about 1,000,000 rows each';
    PERFORM setseed(0.404);
    -- Play counts are heavy-tailed; 15% of the tracks were never played (no row, hence the LEFT JOIN).
    INSERT INTO aggregate_plays (play_item_id, count)
    SELECT track_id, 1 + floor(power(random(), 4) * 200000)::bigint
    FROM tracks WHERE random() >= 0.15
    ORDER BY track_id;

    PERFORM setseed(0.505);
    INSERT INTO aggregate_track (track_id, repost_count, save_count, comment_count)
    SELECT track_id, floor(power(random(), 5) * 3000)::int, floor(power(random(), 4) * 8000)::int,
           floor(power(random(), 6) * 500)::int
    FROM tracks
    ORDER BY track_id;

    -- Monthly plays for 2024 and the first half of 2025: each played track gets up to six months of rows.
    RAISE NOTICE '[5/7] aggregate_monthly_plays: about 1,350,000 rows';
    PERFORM setseed(0.606);
    INSERT INTO aggregate_monthly_plays (play_item_id, "timestamp", count)
    SELECT p.play_item_id, m.month, 1 + floor(random() * (1 + p.count / 20))::bigint
    FROM (SELECT play_item_id, count, floor(random() * 18)::int AS first_month, 1 + floor(random() * 6)::int AS months
          FROM aggregate_plays WHERE play_item_id % 2 = 0
          ORDER BY play_item_id OFFSET 0) AS p
    CROSS JOIN LATERAL (
        SELECT (date '2024-01-01' + make_interval(months => p.first_month + k))::date AS month
        FROM generate_series(0, p.months - 1) AS k
        WHERE p.first_month + k < 18) AS m
    ORDER BY 1, 2;
END
$$;

DO $$ BEGIN RAISE NOTICE '[6/7] indexes'; END $$;
CREATE INDEX tracks_owner_id_idx ON tracks (owner_id);
-- Covering index: the after side's prefetch is an index-only scan.
CREATE INDEX track_collaborators_collaborator_idx ON track_collaborators (collaborator_user_id, status, track_id);

DO $$ BEGIN RAISE NOTICE '[7/7] vacuum analyze (visibility map for index-only scans, statistics)'; END $$;
VACUUM ANALYZE users;
VACUUM ANALYZE tracks;
VACUUM ANALYZE track_collaborators;
VACUUM ANALYZE aggregate_plays;
VACUUM ANALYZE aggregate_track;
VACUUM ANALYZE aggregate_monthly_plays;
DO $$ BEGIN RAISE NOTICE 'done'; END $$;
