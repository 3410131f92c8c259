# Sharing without leaking: names and literals of a plan and its SQL replaced by stable tokens.
target_sources(planlens_analysis PRIVATE
    anonymize/anonymizer.cpp
    anonymize/planmarkuprewrite.cpp
    anonymize/plantextrewrite.cpp
)
