CREATE TABLE events (id bigint PRIMARY KEY, user_id int NOT NULL, kind text NOT NULL, created_at timestamptz NOT NULL, payload text NOT NULL);
INSERT INTO events SELECT g, (g::bigint * 7919) % 20000, (ARRAY['view','click','buy','share'])[1 + g % 4],
  timestamptz '2024-01-01' + (g % 100000) * interval '1 minute', md5(g::text) || md5((g*3)::text)
FROM generate_series(1, 400000) g;
CREATE TABLE customers (id int PRIMARY KEY, country text NOT NULL, name text NOT NULL);
INSERT INTO customers SELECT g, CASE WHEN g % 500 = 0 THEN 'NZ' ELSE (ARRAY['DE','FR','US','BR','JP','IN','GB','IT','ES'])[1 + (g*31) % 9] END, 'customer ' || g FROM generate_series(1, 50000) g;
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers, placed_at date NOT NULL, status text NOT NULL);
INSERT INTO orders SELECT g, 1 + (g * 7) % 50000, date '2023-01-01' + g % 700, (ARRAY['new','paid','shipped','cancelled'])[1 + g % 4] FROM generate_series(1, 200000) g;
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
CREATE TABLE order_items (order_id int NOT NULL REFERENCES orders, line int NOT NULL, sku text NOT NULL, qty int NOT NULL, price numeric(10,2) NOT NULL, PRIMARY KEY (order_id, line));
INSERT INTO order_items SELECT o, l, 'SKU-' || ((o * 13 + l) % 5000), 1 + (o + l) % 5, ((o * l) % 10000) / 100.0 FROM generate_series(1, 200000) o, generate_series(1, 3) l;
-- incident-A-like replica
CREATE TABLE tracks (track_id int PRIMARY KEY, owner_id int NOT NULL, title text NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO tracks SELECT g, 1 + (g::bigint * 104729) % 100000, 'track ' || g, timestamptz '2022-01-01' + g * interval '10 minutes' FROM generate_series(1, 500000) g;
CREATE INDEX tracks_owner_id_idx ON tracks (owner_id);
CREATE TABLE track_collaborators (track_id int NOT NULL REFERENCES tracks, collaborator_user_id int NOT NULL, status text NOT NULL, PRIMARY KEY (track_id, collaborator_user_id));
INSERT INTO track_collaborators SELECT 1 + (g * 7) % 500000, 1 + (g * 13) % 100000, CASE WHEN g % 3 = 0 THEN 'pending' ELSE 'accepted' END FROM generate_series(1, 2000) g;
CREATE INDEX track_collaborators_user_status_track_idx ON track_collaborators (collaborator_user_id, status, track_id);
VACUUM ANALYZE;
