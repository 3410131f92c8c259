# One line per widget (file pair).
target_sources(planlens_widgets PRIVATE
    sqleditor.cpp
)
