-- The same join with the other side cast to the key's type (c.id = o.customer_id::int): a Nested Loop probing the primary key, nothing to advise.
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'ic_orders') AS ic_missing \gset
\if :ic_missing
CREATE TABLE ic_customers (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO ic_customers SELECT i, 'customer ' || i FROM generate_series(1, 200000) i;
-- The order's customer key was declared numeric (as an ORM maps a decimal); every value is a whole number.
CREATE TABLE ic_orders (id int PRIMARY KEY, customer_id numeric NOT NULL, placed_on date NOT NULL, amount numeric(10, 2) NOT NULL);
INSERT INTO ic_orders SELECT i, 1 + (i * 7919) % 200000, date '2024-01-01' + i % 365, (i % 500) / 5.0
FROM generate_series(1, 200000) i;
CREATE INDEX ic_orders_placed_on_idx ON ic_orders (placed_on);
ANALYZE ic_customers;
ANALYZE ic_orders;
\endif
:explain
SELECT o.id, o.amount, c.name FROM ic_orders o JOIN ic_customers c ON c.id = o.customer_id::int WHERE o.placed_on = '2024-03-01';
