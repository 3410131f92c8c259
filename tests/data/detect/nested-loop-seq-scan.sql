SELECT r.id, s.label
FROM readings r
JOIN sites s ON s.site = r.site
WHERE r.sensor = 42;
