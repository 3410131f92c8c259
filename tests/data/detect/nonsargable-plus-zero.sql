SELECT id, email FROM customers WHERE score + 0 = 4242;
