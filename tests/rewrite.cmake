# SPDX-License-Identifier: MIT
# Rewrites (issue 9): the span helper and the rules on text alone, then verification on the demo database.
planlens_test(NAME tst_sqlspan SOURCES tst_sqlspan.cpp LABELS unit)
planlens_test(NAME tst_rewrites SOURCES tst_rewrites.cpp LABELS unit)
# A finding never names a rewrite that cannot come: every detector rule's firing fixture through proposeRewrites.
planlens_test(NAME tst_rulecontract SOURCES tst_rulecontract.cpp LABELS unit)
planlens_test(NAME tst_rewriteverify SOURCES tst_rewriteverify.cpp LABELS demo pg TIMEOUT 1500)
planlens_test(NAME tst_rewritehypopg SOURCES tst_rewritehypopg.cpp LABELS pg)
# CREATE STATISTICS advice planned again inside a rolled-back transaction (issue 13.8).
planlens_test(NAME tst_statisticsverify SOURCES tst_statisticsverify.cpp LABELS pg)
# The word diff of the rewrite preview, and the SQL editor's marks, popup and the diff view (issue: advice inline).
planlens_test(NAME tst_worddiff SOURCES tst_worddiff.cpp LABELS unit)
planlens_test(NAME tst_sqleditor SOURCES tst_sqleditor.cpp LABELS gui)
# Invariants the schema does not enforce, checked on the data: the preload join without a unique key (issue 13.7).
planlens_test(NAME tst_invariantcheck SOURCES tst_invariantcheck.cpp LABELS pg)
# The trigram index built for real inside a rolled-back transaction (HypoPG cannot plan GIN; issue 13.6).
planlens_test(NAME tst_trigramverify SOURCES tst_trigramverify.cpp LABELS pg)
# Issue 13.6 on a throwaway cluster: HypoPG plans the walk and OR indexes, UNION rows equal, approximate count.
planlens_test(NAME tst_queryshapeverify SOURCES tst_queryshapeverify.cpp LABELS pg)
# A join whose key types differ: the cast moved to the other side, rows compared and timed (issue 13.6).
planlens_test(NAME tst_joinkeycastverify SOURCES tst_joinkeycastverify.cpp LABELS pg)
# SELECT DISTINCT over a join → EXISTS: the unique-rows check, rows compared and timed (issue 13.6).
planlens_test(NAME tst_distinctexistsverify SOURCES tst_distinctexistsverify.cpp LABELS pg)
