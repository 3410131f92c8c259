SELECT t.track_id % 100000 AS bucket, count(*)
FROM tracks t
GROUP BY t.track_id % 100000;
