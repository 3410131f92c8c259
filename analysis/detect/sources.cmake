# target_sources(planlens_analysis PRIVATE detect/...)
