target_sources(planlens_analysis PRIVATE compare/nodematcher.cpp compare/plandiff.cpp compare/plandifftext.cpp)
