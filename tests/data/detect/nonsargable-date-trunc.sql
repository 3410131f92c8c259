SELECT id, kind FROM activity WHERE date_trunc('day', created_at) = '2024-03-01';
