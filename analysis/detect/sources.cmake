# SPDX-License-Identifier: MIT
# Detectors: one rule per class in rules/, registered in detectors.cpp.
target_sources(planlens_analysis PRIVATE
    detect/finding.cpp
    detect/detector.cpp
    detect/detectinput.cpp
    detect/planconditions.cpp
    detect/sqlfacts.cpp
    detect/estimates.cpp
    detect/detectors.cpp
    detect/rules/orsublinkdefeatsindex.cpp
    detect/rules/insubqueryrefetch.cpp
    detect/rules/rowmisestimate.cpp
    detect/rules/stalestatistics.cpp
    detect/rules/sortspill.cpp
    detect/rules/hashbatches.cpp
    detect/rules/hashaggspill.cpp
    detect/rules/rowsremovedbyfilter.cpp
    detect/rules/lossybitmap.cpp
    detect/rules/indexonlyheapfetches.cpp
    detect/rules/nestedloopseqscan.cpp
    detect/rules/largeoffset.cpp
    detect/rules/notinsubquery.cpp
    detect/rules/correlatedsubplan.cpp
    detect/rules/ctescannedmanytimes.cpp
    detect/rules/partitionnotpruned.cpp
    detect/rules/workersnotlaunched.cpp
    detect/rules/jitdominating.cpp
    detect/rules/planningdominating.cpp
    detect/rules/srfdefaultestimate.cpp
    detect/rules/implicitcast.cpp
    detect/rules/likeleadingwildcard.cpp
    detect/rules/sortlimitlargeinput.cpp
    detect/rules/triggerdominating.cpp
    detect/rules/nonsargable.cpp
)
