SELECT count(*), max(plays) FROM tracks WHERE owner_id BETWEEN 2 AND 500;
