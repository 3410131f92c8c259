# SPDX-License-Identifier: MIT
# An installable app (issue 15, items 6 and 7).
# install_check: `cmake --install` of this build into a scratch root, the installed planlens runs, the menu entry,
# icon and metainfo are valid; then cpack -> .deb read back with dpkg-deb (tests/install-check.cmake).
# Not a tst_* name: it is a CMake script, not a Qt Test source (tests/registry.cmake pairs tst_* with sources).
add_test(NAME install_check
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${CMAKE_BINARY_DIR} -DVERSION=${PROJECT_VERSION} -DAPP_ID=${PLANLENS_APP_ID}
                 -DPLAN=${CMAKE_CURRENT_SOURCE_DIR}/data/json/all-fields.json -DPACKAGE=ON
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/install-check.cmake)
set_tests_properties(install_check PROPERTIES LABELS install TIMEOUT 300)
# Help › Keyboard Shortcuts lists every action's shortcut; Help › Examples loads an incident into the editors and
# connects to the demo database, hence demo as well as gui.
planlens_test(NAME tst_help SOURCES tst_help.cpp LABELS gui demo)
