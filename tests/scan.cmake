# SPDX-License-Identifier: MIT
# `planlens scan` (issue 14): the streaming log reader and the command end to end.
planlens_test(NAME tst_logreader SOURCES tst_logreader.cpp LABELS unit)
# Starts a throwaway cluster with auto_explain for its live-server case, hence pg.
planlens_test(NAME tst_scancli SOURCES tst_scancli.cpp LABELS pg)
# The Triage window over a background scan, and "Open in workbench" into a MainWindow (issue 14, item 3).
planlens_test(NAME tst_triageview SOURCES tst_triageview.cpp LABELS gui)
