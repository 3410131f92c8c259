SELECT id, total FROM orders WHERE status = 'new';
