SELECT id, email FROM customers WHERE score = 4242;
