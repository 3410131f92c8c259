-- Result with a One-Time Filter that is false: the scan is never executed.
:explain
SELECT * FROM small WHERE now() < timestamptz '2000-01-01';
