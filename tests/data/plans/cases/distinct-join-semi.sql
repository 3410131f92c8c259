-- SELECT DISTINCT a.* over a join used only to filter: 2,000 authors, 300,000 books, 90% of them novels; the join makes 270,000 rows for 2,000 authors (`distinct-semi-join`, `distinct-to-exists`; own tables).
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
SELECT DISTINCT a.* FROM dx_authors a JOIN dx_books b ON b.author_id = a.id WHERE b.genre = 'novel';
