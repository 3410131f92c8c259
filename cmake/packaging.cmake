# SPDX-License-Identifier: MIT
# Desktop integration and the Debian package (issue 15, item 6).
#   cmake --install BUILD --prefix /usr/local      the binary, menu entry, icon, AppStream metainfo and docs
#   scripts/package                                 a Release build and `cpack -G DEB` -> planlens_<version>_<arch>.deb
# One reverse-DNS id names the menu entry, the icon and the metainfo, so software centres and the menu match them.
include(GNUInstallDirs)
set(PLANLENS_APP_ID io.github.planlens.PlanLens)

install(FILES ${PROJECT_SOURCE_DIR}/resources/${PLANLENS_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/planlens.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME ${PLANLENS_APP_ID}.svg)
install(FILES ${PROJECT_SOURCE_DIR}/resources/${PLANLENS_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
# Debian keeps a package's documentation in share/doc/<package>, hence the lower-case name.
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/planlens)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/planlens
        FILES_MATCHING PATTERN "*.md")

set(PLANLENS_PACKAGE_MAINTAINER "PlanLens maintainers <maintainers@planlens.invalid>"
    CACHE STRING "Maintainer field of the .deb (Name <email>)")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME planlens)
set(CPACK_PACKAGE_VENDOR "PlanLens")
set(CPACK_PACKAGE_CONTACT "${PLANLENS_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "workbench for PostgreSQL query plans")
# Debian's long description, wrapped under 80 columns as Debian policy asks (CPack indents each line).
set(CPACK_PACKAGE_DESCRIPTION
    "PlanLens runs a before/after pair of queries under EXPLAIN ANALYZE, shows
both plans as graphs with time, cost and row-estimate highlights, compares
them side by side, and proposes the SQL rewrite that fixes the slow one,
proven on your database. It opens JSON and TEXT plans from psql, pgAdmin and
auto_explain logs; its command line (planlens analyze, compare, render, scan)
shares every code path with the window.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)   # the debug info of a RelWithDebInfo build stays in the build tree, not in the .deb
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # planlens_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# dpkg-shlibdeps (dpkg-dev) turns the linked libraries into the Depends line (Qt 6, libpq, QScintilla, ...).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The window icon is an SVG, drawn by a Qt plugin that dpkg-shlibdeps cannot see; it ships in libqt6svg6, which
# the Depends line already has (the widgets link Qt6::Svg), so nothing is added by hand.
# Recommends, not Depends: opening plans, connecting to any server and the command line need no local server;
# only `planlens demo` does (it runs pg_ctl from /usr/lib/postgresql/15/bin). Installing postgresql-15 also
# creates and starts a system cluster on port 5432, which a user with their own server may not want.
# apt installs Recommends by default, so `apt-get install ./planlens_*.deb` gives a working demo.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql-15")
include(CPack)
