# SPDX-License-Identifier: MIT
# Plan graph: tidy-tree layout (pure), the graph widget offscreen, and `planlens render`.
planlens_test(NAME tst_treelayout SOURCES tst_treelayout.cpp LABELS unit)
planlens_test(NAME tst_plangraphview SOURCES tst_plangraphview.cpp LABELS gui)
planlens_test(NAME tst_graphreadable SOURCES tst_graphreadable.cpp LABELS gui)
planlens_test(NAME tst_rendercli SOURCES tst_rendercli.cpp LABELS unit)
planlens_test(NAME tst_flamegraph SOURCES tst_flamegraph.cpp LABELS gui)
planlens_test(NAME tst_operationsgrid SOURCES tst_operationsgrid.cpp LABELS gui)
planlens_test(NAME tst_partitions SOURCES tst_partitions.cpp LABELS gui)
planlens_test(NAME tst_plansharing SOURCES tst_plansharing.cpp LABELS gui)
planlens_test(NAME tst_graphfind SOURCES tst_graphfind.cpp LABELS unit)
