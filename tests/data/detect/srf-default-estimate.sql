SELECT t.track_id, t.title
FROM featured_track_ids() f(id)
JOIN tracks t ON t.track_id = f.id;
