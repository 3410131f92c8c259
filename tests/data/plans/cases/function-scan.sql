-- Function Scan over generate_series joined to a table.
:explain
SELECT * FROM generate_series(1, 1000) AS g(i) JOIN small s ON s.id = g.i;
