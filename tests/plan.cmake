# Plan model, parsers and metrics (issue 4).
planlens_test(NAME tst_jsonparser SOURCES tst_jsonparser.cpp LABELS unit)
planlens_test(NAME tst_textparser SOURCES tst_textparser.cpp LABELS unit)
planlens_test(NAME tst_metrics SOURCES tst_metrics.cpp LABELS unit)
planlens_test(NAME tst_externalcorpus SOURCES tst_externalcorpus.cpp LABELS unit)
planlens_test(NAME tst_plancorpus SOURCES tst_plancorpus.cpp LABELS unit)
planlens_test(NAME tst_analyzecli SOURCES tst_analyzecli.cpp LABELS unit)
planlens_test(NAME tst_fuzzregressions SOURCES tst_fuzzregressions.cpp LABELS unit)
planlens_test(NAME tst_pgfidelity SOURCES tst_pgfidelity.cpp LABELS unit)
