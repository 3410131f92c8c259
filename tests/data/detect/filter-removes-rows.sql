SELECT track_id, title FROM tracks WHERE plays = 31;
