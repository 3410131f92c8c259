# One line per file pair; grouped by folder.
target_sources(planlens_app PRIVATE
    mainwindow.cpp
    session.cpp
    cli/cli.cpp
    cli/democommand.cpp
    cli/rendercommand.cpp
    cli/analyzecommand.cpp
    cli/rewritecommand.cpp
    rewrite/rewriteverifier.cpp
    cli/comparecommand.cpp
    db/localcluster.cpp
    db/demodatabase.cpp
    cli/runcommand.cpp
    db/pgconnection.cpp
    db/runresult.cpp
    db/explainrunner.cpp
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
    ${PROJECT_SOURCE_DIR}/resources/demo/incident-a-monthly/before.sql
    ${PROJECT_SOURCE_DIR}/resources/demo/incident-a-monthly/after.sql
    ${PROJECT_SOURCE_DIR}/resources/demo/incident-b-membership/before.sql
    ${PROJECT_SOURCE_DIR}/resources/demo/incident-b-membership/after.sql
)
