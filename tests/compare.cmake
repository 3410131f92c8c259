# SPDX-License-Identifier: MIT
# analysis/compare, the CompareView and its charts, `planlens compare`.
planlens_test(NAME tst_plandiff SOURCES tst_plandiff.cpp LABELS unit)
planlens_test(NAME tst_compareview SOURCES tst_compareview.cpp LABELS gui)
planlens_test(NAME tst_comparecli SOURCES tst_comparecli.cpp LABELS unit)
