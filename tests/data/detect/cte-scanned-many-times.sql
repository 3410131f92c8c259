WITH per_owner AS MATERIALIZED (
    SELECT owner_id, count(*) AS n FROM tracks GROUP BY owner_id)
SELECT u.user_id, (SELECT p.n FROM per_owner p WHERE p.owner_id = u.user_id) AS n
FROM users u
WHERE u.user_id <= 300;
