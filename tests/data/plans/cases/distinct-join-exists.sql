-- The same question asked with EXISTS (the distinct-to-exists rewrite): a semi-join, no duplicates to remove, nothing to advise.
SELECT NOT EXISTS (SELECT 1 FROM pg_class WHERE relname = 'dx_books') AS dx_missing \gset
\if :dx_missing
CREATE TABLE dx_authors (id int PRIMARY KEY, name text NOT NULL, country text NOT NULL, bio text NOT NULL);
INSERT INTO dx_authors SELECT i, 'author ' || i, (ARRAY['fr', 'de', 'it', 'es'])[1 + i % 4], repeat(md5(i::text), 6) FROM generate_series(1, 2000) i;
-- 150 books per author, one in ten poetry, the others novels.
CREATE TABLE dx_books (id int PRIMARY KEY, author_id int NOT NULL REFERENCES dx_authors, genre text NOT NULL, title text NOT NULL);
INSERT INTO dx_books
SELECT i, 1 + i % 2000, CASE WHEN (i / 2000) % 10 = 0 THEN 'poetry' ELSE 'novel' END, 'book ' || i
FROM generate_series(1, 300000) i;
CREATE INDEX dx_books_author_id_idx ON dx_books (author_id);
ANALYZE dx_authors;
ANALYZE dx_books;
\endif
:explain
SELECT a.* FROM dx_authors a WHERE EXISTS (SELECT 1 FROM dx_books b WHERE b.author_id = a.id AND b.genre = 'novel');
