# One line per widget (file pair).
target_sources(planlens_widgets PRIVATE
    sqleditor.cpp
    findingsmodel.cpp
    findingspanel.cpp
    rewritepanel.cpp
    sqldiffview.cpp
    plannodeformat.cpp
    planmetric.cpp
    plangraphdata.cpp
    plangraphscene.cpp
    plangraphnodeitem.cpp
    plangraphcallout.cpp
    plangraphview.cpp
    plangraphfindbar.cpp
    plangraphminimap.cpp
    planlegend.cpp
    planexport.cpp
    plantextmodel.cpp
    plantextview.cpp
    nodedetails.cpp
    planview.cpp
    charts/chartwidget.cpp
    charts/nodetimechart.cpp
    charts/estimatechart.cpp
    charts/runtimechart.cpp
    compareview.cpp
)
