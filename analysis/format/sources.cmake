target_sources(planlens_analysis PRIVATE format/units.cpp)
