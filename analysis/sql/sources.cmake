target_sources(planlens_analysis PRIVATE sql/sqlscript.cpp)
target_sources(planlens_analysis PRIVATE sql/sqlspan.cpp)
target_sources(planlens_analysis PRIVATE sql/worddiff.cpp)
