SELECT id, email FROM customers WHERE coalesce(referrer_id, 0) = 77;
