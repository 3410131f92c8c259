-- Hash Full Join.
:explain
SELECT count(*) FROM small s FULL JOIN dim d ON d.id = s.id * 20;
