SELECT genre, count(*), avg(plays) FROM tracks GROUP BY genre;
