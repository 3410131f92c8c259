planlens_test(NAME tst_sqlscript SOURCES tst_sqlscript.cpp LABELS unit)
planlens_test(NAME tst_localcluster SOURCES tst_localcluster.cpp LABELS pg LIBS PostgreSQL::PostgreSQL)
planlens_test(NAME tst_mainwindow SOURCES tst_mainwindow.cpp LABELS gui)
planlens_test(NAME tst_cli SOURCES tst_cli.cpp LABELS unit)
