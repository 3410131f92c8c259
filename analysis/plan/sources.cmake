target_sources(planlens_analysis PRIVATE
    plan/plan.cpp
    plan/planfields.cpp
    plan/planinput.cpp
    plan/planparser.cpp
    plan/jsonparser.cpp
    plan/textparser.cpp
    plan/textparsing.cpp
    plan/textnodeproperties.cpp
    plan/texttrailer.cpp
    plan/xmlparser.cpp
    plan/yamlparser.cpp
    plan/metrics.cpp
    plan/partitiongroup.cpp
)
