-- BitmapAnd under a BitmapOr: two indexes combined.
:explain
SELECT * FROM big WHERE (k = 5 AND grp = 5) OR v = 7;
