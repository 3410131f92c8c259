SELECT owner_id, sum(plays) FROM tracks WHERE owner_id BETWEEN 100 AND 110 GROUP BY owner_id;
