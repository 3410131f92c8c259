SELECT r.id, r.val, s.label
FROM readings r
JOIN sites s ON s.site = r.site
WHERE r.sensor = 42 AND r.site = 21;
