-- JIT forced with jit_above_cost = 0: the JIT section with functions, options and timing.
SET jit = on;
SET jit_above_cost = 0;
SET jit_inline_above_cost = 0;
SET jit_optimize_above_cost = 0;
:explain
SELECT grp, sum(v), avg(k) FROM big GROUP BY grp;
