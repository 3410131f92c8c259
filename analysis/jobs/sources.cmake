target_sources(planlens_analysis PRIVATE jobs/workpool.cpp)
