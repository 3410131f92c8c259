SELECT track_id, title FROM tracks WHERE track_id = 4242;
