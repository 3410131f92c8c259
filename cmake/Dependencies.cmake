# SPDX-License-Identifier: MIT
# Every third-party dependency becomes one imported target here (see TOOLCHAIN notes in docs/architecture.md).

find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Svg PrintSupport Concurrent Test Network)
find_package(PostgreSQL REQUIRED)              # PostgreSQL::PostgreSQL = libpq

# QCustomPlot: Debian ships a Qt5 and a Qt6 build; only the Qt6 one may be linked.
find_package(QCustomPlotQt6 REQUIRED)

# QScintilla for Qt 6: no CMake config or .pc in Debian, only the library and headers.
find_library(QSCINTILLA_LIB NAMES qscintilla2_qt6 REQUIRED)
find_path(QSCINTILLA_INC Qsci/qsciscintilla.h PATHS /usr/include/x86_64-linux-gnu/qt6 /usr/include/qt6 REQUIRED)
add_library(QScintilla::QScintilla UNKNOWN IMPORTED)
set_target_properties(QScintilla::QScintilla PROPERTIES
    IMPORTED_LOCATION "${QSCINTILLA_LIB}"
    INTERFACE_INCLUDE_DIRECTORIES "${QSCINTILLA_INC}"
    INTERFACE_LINK_LIBRARIES "Qt6::Widgets;Qt6::PrintSupport")

# libpg_query: the static archive is self-contained (protobuf-c and xxhash are inside).
find_library(PGQUERY_LIB NAMES libpg_query.a pg_query REQUIRED)
find_path(PGQUERY_INC pg_query.h REQUIRED)
add_library(PgQuery::PgQuery UNKNOWN IMPORTED)
set_target_properties(PgQuery::PgQuery PROPERTIES
    IMPORTED_LOCATION "${PGQUERY_LIB}"
    INTERFACE_INCLUDE_DIRECTORIES "${PGQUERY_INC}")
