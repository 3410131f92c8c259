SELECT u1.name
FROM users u1
JOIN users u2 ON u2.user_id = u1.user_id + 1
JOIN users u3 ON u3.user_id = u1.user_id + 2
JOIN users u4 ON u4.user_id = u1.user_id + 3
JOIN users u5 ON u5.user_id = u1.user_id + 4
JOIN users u6 ON u6.user_id = u1.user_id + 5
JOIN users u7 ON u7.user_id = u1.user_id + 6
JOIN users u8 ON u8.user_id = u1.user_id + 7
JOIN users u9 ON u9.user_id = u1.user_id + 8
JOIN users u10 ON u10.user_id = u1.user_id + 9
JOIN users u11 ON u11.user_id = u1.user_id + 10
JOIN users u12 ON u12.user_id = u1.user_id + 11
WHERE u1.user_id = 17;
