target_sources(planlens_analysis PRIVATE plan/plan.cpp)
