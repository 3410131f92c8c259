target_sources(planlens_analysis PRIVATE sql/sqlscript.cpp)
