SELECT track_id, title FROM tracks ORDER BY track_id LIMIT 20 OFFSET $1;
