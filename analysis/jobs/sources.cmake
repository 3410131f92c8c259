target_sources(planlens_analysis PRIVATE jobs/turnqueue.cpp jobs/workpool.cpp)
