# SPDX-License-Identifier: MIT
# A suite that cannot quietly shrink: every tests/tst_*.cpp must be a CTest test of the same name.
# Checked twice, loudest first:
#  - at configure time: an unregistered tst_*.cpp stops the configuration (CONFIGURE_DEPENDS re-globs on each
#    build, so a new file added after configuring fails the next `ninja` too);
#  - at test time: tst_registry compares the glob of the source tree with `ctest -N` of this build directory,
#    so a test dropped from CTest some other way (a list no longer included, a renamed target) fails a unit test.
file(GLOB PLANLENS_TEST_SOURCES CONFIGURE_DEPENDS RELATIVE ${CMAKE_CURRENT_SOURCE_DIR}
     ${CMAKE_CURRENT_SOURCE_DIR}/tst_*.cpp)
set(unregistered "")
foreach(src IN LISTS PLANLENS_TEST_SOURCES)
    get_filename_component(name ${src} NAME_WE)
    if(NOT TEST ${name})
        list(APPEND unregistered ${src})
    endif()
endforeach()
if(unregistered)
    list(JOIN unregistered ", tests/" unregistered)
    message(FATAL_ERROR "tests/${unregistered} not registered with CTest: add a planlens_test() line to one of "
                        "tests/*.cmake (tests/registry.cmake checks that every tests/tst_*.cpp is a test)")
endif()

add_test(NAME tst_registry
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                 -DCTEST=${CMAKE_CTEST_COMMAND} -P ${CMAKE_CURRENT_SOURCE_DIR}/registry-check.cmake)
set_tests_properties(tst_registry PROPERTIES LABELS unit TIMEOUT 120)
# The check itself must be able to fail: with a source name no test has, it fails naming it.
add_test(NAME tst_registry_fails_loudly
         COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                 -DCTEST=${CMAKE_CTEST_COMMAND} -DEXTRA_SOURCE=tst_not_registered_anywhere
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/registry-check.cmake)
set_tests_properties(tst_registry_fails_loudly PROPERTIES LABELS unit TIMEOUT 120
    PASS_REGULAR_EXPRESSION "sources not registered: [^\n]*tst_not_registered_anywhere")
