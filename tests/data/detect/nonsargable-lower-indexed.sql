SELECT id, email FROM customers WHERE lower(email) = 'user.4242@example.com';
