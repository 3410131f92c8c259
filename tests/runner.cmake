# Live runner (issue #5): libpq connection, before/after runner, faults mid-run (issue 17), `planlens run`.
planlens_test(NAME tst_pgconnection SOURCES tst_pgconnection.cpp LABELS pg)
planlens_test(NAME tst_explainrunner SOURCES tst_explainrunner.cpp LABELS pg)
planlens_test(NAME tst_faults SOURCES tst_faults.cpp LABELS pg gui TIMEOUT 600)
planlens_test(NAME tst_runcli SOURCES tst_runcli.cpp LABELS pg)
planlens_test(NAME tst_rundemo SOURCES tst_rundemo.cpp LABELS demo pg TIMEOUT 600)
planlens_test(NAME tst_recovery SOURCES tst_recovery.cpp LABELS gui)
planlens_test(NAME tst_report SOURCES tst_report.cpp LABELS demo gui TIMEOUT 900)
planlens_test(NAME tst_planhistory SOURCES tst_planhistory.cpp LABELS gui)
