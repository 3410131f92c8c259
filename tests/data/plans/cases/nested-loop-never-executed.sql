-- Nested Loop whose outer side is empty: the inner index scan is never executed.
:explain
SELECT * FROM small s JOIN big b ON b.id = s.id WHERE s.name = 'nobody';
