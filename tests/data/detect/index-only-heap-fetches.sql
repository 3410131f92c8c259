SELECT count(*) FROM plays_log WHERE track_id BETWEEN 1000 AND 90000;
