# One line per file pair; grouped by folder.
target_sources(planlens_app PRIVATE
    mainwindow.cpp
    cli/cli.cpp
    cli/democommand.cpp
    db/localcluster.cpp
    db/demodatabase.cpp
)
# Files compiled into the binary as Qt resources (paths relative to resources/).
set(PLANLENS_RESOURCE_FILES
    ${PROJECT_SOURCE_DIR}/resources/demo/examples.tsv
    ${PROJECT_SOURCE_DIR}/resources/demo/tracks.sql
    ${PROJECT_SOURCE_DIR}/resources/demo/projects.sql
    ${PROJECT_SOURCE_DIR}/resources/demo/incident-a/before.sql
    ${PROJECT_SOURCE_DIR}/resources/demo/incident-a/after.sql
    ${PROJECT_SOURCE_DIR}/resources/demo/incident-b/before.sql
    ${PROJECT_SOURCE_DIR}/resources/demo/incident-b/after.sql
)
