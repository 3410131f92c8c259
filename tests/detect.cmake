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
# LIKE '%x%' / ILIKE on a large table (issue 13.6): pg_trgm GIN advice and the create-trigram-index rewrite, offline.
planlens_test(NAME tst_trigramindex SOURCES tst_trigramindex.cpp LABELS unit)
# ORDER BY … LIMIT index walks, OR across columns, count(*) of a whole table (issue 13.6), offline.
planlens_test(NAME tst_queryshapeadvice SOURCES tst_queryshapeadvice.cpp LABELS unit)
# A join whose key types differ (issue 13.6): implicit-cast on join conditions and the cast-join-key rewrite, offline.
planlens_test(NAME tst_joinkeycast SOURCES tst_joinkeycast.cpp LABELS unit)
# SELECT DISTINCT over a join used as a semi-join (issue 13.6): distinct-semi-join and distinct-to-exists, offline.
planlens_test(NAME tst_distinctexists SOURCES tst_distinctexists.cpp LABELS unit)
