# SPDX-License-Identifier: MIT
# Rewrites (issue 9): the span helper and the rules on text alone, then verification on the demo database.
planlens_test(NAME tst_sqlspan SOURCES tst_sqlspan.cpp LABELS unit)
planlens_test(NAME tst_rewrites SOURCES tst_rewrites.cpp LABELS unit)
planlens_test(NAME tst_rewriteverify SOURCES tst_rewriteverify.cpp LABELS demo pg TIMEOUT 1500)
planlens_test(NAME tst_rewritehypopg SOURCES tst_rewritehypopg.cpp LABELS pg)
