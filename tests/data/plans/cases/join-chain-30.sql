-- A 30-table join chain (join_collapse_limit splits it; deep plan).
:explain
SELECT count(*)
FROM small t1
JOIN small t2 ON t2.id = t1.grp + 1
JOIN small t3 ON t3.id = t2.grp + 1
JOIN small t4 ON t4.id = t3.grp + 1
JOIN small t5 ON t5.id = t4.grp + 1
JOIN small t6 ON t6.id = t5.grp + 1
JOIN small t7 ON t7.id = t6.grp + 1
JOIN small t8 ON t8.id = t7.grp + 1
JOIN small t9 ON t9.id = t8.grp + 1
JOIN small t10 ON t10.id = t9.grp + 1
JOIN small t11 ON t11.id = t10.grp + 1
JOIN small t12 ON t12.id = t11.grp + 1
JOIN small t13 ON t13.id = t12.grp + 1
JOIN small t14 ON t14.id = t13.grp + 1
JOIN small t15 ON t15.id = t14.grp + 1
JOIN small t16 ON t16.id = t15.grp + 1
JOIN small t17 ON t17.id = t16.grp + 1
JOIN small t18 ON t18.id = t17.grp + 1
JOIN small t19 ON t19.id = t18.grp + 1
JOIN small t20 ON t20.id = t19.grp + 1
JOIN small t21 ON t21.id = t20.grp + 1
JOIN small t22 ON t22.id = t21.grp + 1
JOIN small t23 ON t23.id = t22.grp + 1
JOIN small t24 ON t24.id = t23.grp + 1
JOIN small t25 ON t25.id = t24.grp + 1
JOIN small t26 ON t26.id = t25.grp + 1
JOIN small t27 ON t27.id = t26.grp + 1
JOIN small t28 ON t28.id = t27.grp + 1
JOIN small t29 ON t29.id = t28.grp + 1
JOIN small t30 ON t30.id = t29.grp + 1
WHERE t1.id <= 100;
