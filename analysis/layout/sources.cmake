# SPDX-License-Identifier: MIT
# Pure layout code (no painting): tidy-tree positions for the plan graph.
target_sources(planlens_analysis PRIVATE layout/treelayout.cpp)
