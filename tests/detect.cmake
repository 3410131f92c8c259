# SPDX-License-Identifier: MIT
# Findings: the rules on real captured plans, the no-false-alarm reviews of our corpus and of the external one, the
# findings model.
planlens_test(NAME tst_detectors SOURCES tst_detectors.cpp LABELS unit)
planlens_test(NAME tst_falsealarms SOURCES tst_falsealarms.cpp LABELS unit)
planlens_test(NAME tst_externalfindings SOURCES tst_externalfindings.cpp LABELS unit)
planlens_test(NAME tst_nonsargable SOURCES tst_nonsargable.cpp LABELS unit)
planlens_test(NAME tst_findingsmodel SOURCES tst_findingsmodel.cpp LABELS gui)
# Where an expert would speak (issue 13.8): CREATE STATISTICS for correlated columns, VACUUM for stale visibility maps.
planlens_test(NAME tst_statisticsadvice SOURCES tst_statisticsadvice.cpp LABELS unit)
