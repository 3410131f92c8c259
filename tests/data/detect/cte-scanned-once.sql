WITH per_owner AS MATERIALIZED (
    SELECT owner_id, count(*) AS n FROM tracks GROUP BY owner_id)
SELECT u.name, p.n FROM users u JOIN per_owner p ON p.owner_id = u.user_id WHERE p.n > 14;
