-- Values Scan joined to a table.
:explain
SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS v(id, tag) JOIN small s USING (id);
