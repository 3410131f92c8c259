SELECT track_id, title FROM tracks WHERE title LIKE '%love song%';
