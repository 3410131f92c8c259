SELECT id, kind FROM activity WHERE created_at::date = '2024-03-01';
