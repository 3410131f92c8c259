# target_sources(planlens_analysis PRIVATE compare/...)
