# Rewrites: one class per rule (rewriterule.h), registered in rewriteregistry.cpp.
target_sources(planlens_analysis PRIVATE
    rewrite/rewrite.cpp
    rewrite/rewriteproposals.cpp
    rewrite/rewriteregistry.cpp
    rewrite/sqltree.cpp
    rewrite/rulesupport.cpp
    rewrite/catalogchecks.cpp
    rewrite/prefetchanyarrayrule.cpp
    rewrite/preloadleftjoinrule.cpp
    rewrite/notexistsrule.cpp
    rewrite/lateraljoinrule.cpp
    rewrite/unionallrule.cpp
    rewrite/keysetpaginationrule.cpp
    rewrite/anyarrayrule.cpp
    rewrite/createindexrule.cpp
    rewrite/indexsuggestion.cpp
    rewrite/daterangerule.cpp
    rewrite/statisticssuggestion.cpp
    rewrite/createstatisticsrule.cpp
    rewrite/ortounionrule.cpp
    rewrite/approximatecountrule.cpp
    rewrite/createtrigramindexrule.cpp
    rewrite/castjoinkeyrule.cpp
    rewrite/distincttoexistsrule.cpp
)
