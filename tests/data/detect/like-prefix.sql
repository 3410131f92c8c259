SELECT track_id, title FROM tracks WHERE title LIKE 'track 12345%';
