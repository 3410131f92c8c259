SELECT id, score FROM customers WHERE coalesce(referrer_id, 0) = 0;
