-- SPDX-License-Identifier: MIT
-- Schema and data for the plan corpus (scripts/capture-plans). Deterministic: no random(), only arithmetic
-- over generate_series, so every capture sees the same rows and the same statistics.

-- big: 200,000 rows, 50 groups; small: 1,000 rows keyed by id; dim: 10,000 rows.
CREATE TABLE big (id integer PRIMARY KEY, grp integer NOT NULL, v integer NOT NULL, k integer NOT NULL,
                  payload text NOT NULL, created date NOT NULL);
INSERT INTO big
SELECT i, i % 50, (i * 7919) % 100000, (i * 31) % 1000, md5(i::text) || repeat('x', 20),
       date '2024-01-01' + (i % 366)
FROM generate_series(1, 200000) AS i;
CREATE INDEX big_grp_idx ON big (grp);
CREATE INDEX big_k_idx ON big (k);
CREATE INDEX big_v_idx ON big (v);

CREATE TABLE small (id integer PRIMARY KEY, grp integer NOT NULL, name text NOT NULL);
INSERT INTO small SELECT i, i % 50, 'name ' || i FROM generate_series(1, 1000) AS i;

CREATE TABLE dim (id integer PRIMARY KEY, label text NOT NULL, weight numeric NOT NULL);
INSERT INTO dim SELECT i, 'label ' || (i % 97), (i % 13) * 1.5 FROM generate_series(1, 10000) AS i;

-- big2: a second large table for joins that spill.
CREATE TABLE big2 (id integer PRIMARY KEY, big_id integer NOT NULL, amount numeric NOT NULL, note text);
INSERT INTO big2 SELECT i, 1 + (i * 13) % 200000, (i % 1000) / 10.0, 'note ' || (i % 333)
FROM generate_series(1, 150000) AS i;

-- Tree for recursive CTEs: 5,000 nodes, each under id / 3.
CREATE TABLE tree (id integer PRIMARY KEY, parent_id integer REFERENCES tree (id), name text NOT NULL);
INSERT INTO tree SELECT i, CASE WHEN i = 1 THEN NULL ELSE i / 3 + CASE WHEN i / 3 = 0 THEN 1 ELSE 0 END END, 'node ' || i
FROM generate_series(1, 5000) AS i;
CREATE INDEX tree_parent_idx ON tree (parent_id);

-- Range-partitioned events, one partition per quarter of 2024, with an index on created_at.
CREATE TABLE events (id bigint NOT NULL, created_at date NOT NULL, kind text NOT NULL, value integer NOT NULL)
    PARTITION BY RANGE (created_at);
CREATE TABLE events_2024q1 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-04-01');
CREATE TABLE events_2024q2 PARTITION OF events FOR VALUES FROM ('2024-04-01') TO ('2024-07-01');
CREATE TABLE events_2024q3 PARTITION OF events FOR VALUES FROM ('2024-07-01') TO ('2024-10-01');
CREATE TABLE events_2024q4 PARTITION OF events FOR VALUES FROM ('2024-10-01') TO ('2025-01-01');
INSERT INTO events SELECT i, date '2024-01-01' + (i % 366), (ARRAY['click', 'view', 'buy'])[1 + i % 3], i % 1000
FROM generate_series(1, 120000) AS i;
CREATE INDEX events_created_at_idx ON events (created_at);
CREATE TABLE event_days (day date PRIMARY KEY, note text);
INSERT INTO event_days SELECT date '2024-05-01' + i, 'day ' || i FROM generate_series(0, 9) AS i;

-- Visibility: vis is vacuumed, then a slice is updated so its pages are no longer all-visible
-- (index-only scans then report heap fetches). Autovacuum is off in the capture cluster.
CREATE TABLE vis (id integer PRIMARY KEY, v integer NOT NULL) WITH (autovacuum_enabled = false);
INSERT INTO vis SELECT i, i % 100 FROM generate_series(1, 100000) AS i;
CREATE INDEX vis_v_id_idx ON vis (v, id);

-- Writes: a table with a trigger, and an upsert target.
CREATE TABLE audit_log (id bigserial PRIMARY KEY, account_id integer NOT NULL, at timestamptz NOT NULL DEFAULT now());
CREATE TABLE accounts (id integer PRIMARY KEY, balance numeric NOT NULL, owner text NOT NULL);
INSERT INTO accounts SELECT i, i * 10, 'owner ' || (i % 100) FROM generate_series(1, 20000) AS i;
CREATE FUNCTION accounts_audit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_log (account_id) VALUES (NEW.id);
    RETURN NEW;
END
$$;
CREATE TRIGGER accounts_audit_trg AFTER UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_audit();
CREATE FUNCTION accounts_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.balance < 0 THEN RAISE EXCEPTION 'negative balance'; END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER accounts_check_trg BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_check();

-- Correlated columns for estimate errors: a = b always, the planner multiplies their selectivities.
CREATE TABLE corr (id integer PRIMARY KEY, a integer NOT NULL, b integer NOT NULL);
INSERT INTO corr SELECT i, i % 100, i % 100 FROM generate_series(1, 100000) AS i;

-- Documents for the XMLTABLE (Table Function Scan) case.
CREATE TABLE docs (id integer PRIMARY KEY, body xml NOT NULL);
INSERT INTO docs SELECT i, ('<items><item n="' || i || '">a</item><item n="' || (i + 1) || '">b</item></items>')::xml
FROM generate_series(1, 200) AS i;

VACUUM ANALYZE;
UPDATE vis SET v = v WHERE id % 10 = 0 AND id <= 50000;
ANALYZE vis;
