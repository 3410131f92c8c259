# SPDX-License-Identifier: MIT
# tst_registry: every tests/tst_*.cpp is listed by `ctest -N` in the build directory, and every listed tst_* has
# its source. Run as: cmake -DSOURCE_DIR=<tests> -DBUILD_DIR=<build> -DCTEST=<ctest> -P registry-check.cmake
cmake_minimum_required(VERSION 3.20)   # script mode: IN_LIST, ctest --test-dir
foreach(var SOURCE_DIR BUILD_DIR CTEST)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "registry-check.cmake needs -D${var}=")
    endif()
endforeach()

file(GLOB sources RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/tst_*.cpp)
set(expected "")
foreach(src IN LISTS sources)
    get_filename_component(name ${src} NAME_WE)
    list(APPEND expected ${name})
endforeach()
# Self-test of this check (tst_registry_fails_loudly): a source name no test has must fail it.
if(DEFINED EXTRA_SOURCE)
    list(APPEND expected ${EXTRA_SOURCE})
endif()
list(LENGTH expected sourceCount)
if(sourceCount EQUAL 0)
    message(FATAL_ERROR "no tests/tst_*.cpp found in ${SOURCE_DIR}")
endif()

execute_process(COMMAND ${CTEST} -N --test-dir ${BUILD_DIR}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "ctest -N failed (${rc}): ${err}")
endif()
# Lines look like "  Test #12: tst_detectors".
string(REGEX MATCHALL "Test +#[0-9]+: [A-Za-z0-9_]+" lines "${out}")
set(registered "")
foreach(line IN LISTS lines)
    string(REGEX REPLACE ".*: " "" name "${line}")
    list(APPEND registered ${name})
endforeach()

set(missing "")
foreach(name IN LISTS expected)
    if(NOT name IN_LIST registered)
        list(APPEND missing ${name})
    endif()
endforeach()
set(orphans "")
foreach(name IN LISTS registered)
    if(name MATCHES "^tst_" AND NOT name MATCHES "^tst_registry" AND NOT name IN_LIST expected)
        list(APPEND orphans ${name})
    endif()
endforeach()
if(missing OR orphans)
    list(JOIN missing ", " missing)
    list(JOIN orphans ", " orphans)
    message(FATAL_ERROR "CTest and tests/tst_*.cpp disagree.\n  sources not registered: ${missing}\n"
                        "  registered without a source: ${orphans}")
endif()
message(STATUS "tst_registry: all ${sourceCount} tests/tst_*.cpp are registered with CTest")
