-- ProjectSet: a set-returning function in the select list.
:explain
SELECT id, generate_series(1, 3) AS n FROM small WHERE id <= 100;
