# SPDX-License-Identifier: MIT
# install_check: `cmake --install` of THIS build directory into a scratch root (no second build), then the
# installed planlens runs from there, and the menu entry, icon and AppStream metainfo are in place, valid and
# consistent with each other (one app id, the Exec binary, the release = the project version).
# With -DPACKAGE=ON it also runs cpack into a temporary directory and reads the .deb back with dpkg-deb.
# Run as: cmake -DBUILD_DIR=<build> -DVERSION=<x.y.z> -DAPP_ID=<id> -DPLAN=<plan.json> [-DPACKAGE=ON]
#         -P install-check.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var BUILD_DIR VERSION APP_ID PLAN)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "install-check.cmake needs -D${var}=")
    endif()
endforeach()

# Every failed check is reported at the end, not only the first.
set(failures "")
macro(fail message)
    list(APPEND failures "${message}")
endmacro()

set(root ${BUILD_DIR}/install-check/root)
file(REMOVE_RECURSE ${BUILD_DIR}/install-check)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${root}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${root} failed (${rc}):\n${out}${err}")
endif()

# Every file a desktop expects, at the path the freedesktop.org specs name.
set(desktop ${root}/share/applications/${APP_ID}.desktop)
set(icon ${root}/share/icons/hicolor/scalable/apps/${APP_ID}.svg)
set(metainfo ${root}/share/metainfo/${APP_ID}.metainfo.xml)
foreach(f bin/planlens share/applications/${APP_ID}.desktop share/icons/hicolor/scalable/apps/${APP_ID}.svg
          share/metainfo/${APP_ID}.metainfo.xml share/doc/planlens/README.md share/doc/planlens/cli.md)
    if(NOT EXISTS ${root}/${f})
        fail("not installed: ${f}")
    endif()
endforeach()

# The installed binary runs from the scratch root, headless.
execute_process(COMMAND ${root}/bin/planlens --help RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    fail("installed planlens --help exited ${rc}: ${err}")
endif()
if(NOT out MATCHES "^Usage: planlens ")
    fail("installed planlens --help printed no usage: ${out}")
endif()
execute_process(COMMAND ${root}/bin/planlens --version RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT out STREQUAL "planlens ${VERSION}\n")
    fail("installed planlens --version says '${out}', the project is ${VERSION}")
endif()
# Real work through the installed binary: a plan file analysed to JSON.
execute_process(COMMAND ${root}/bin/planlens analyze ${PLAN} --json RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    fail("installed planlens analyze ${PLAN} exited ${rc}: ${err}")
endif()
if(NOT out MATCHES "\"nodeType\"|\"findings\"")
    fail("installed planlens analyze printed no plan JSON: ${out}")
endif()

# The menu entry, the icon and the metainfo name each other by the one app id.
if(EXISTS ${desktop})
    file(READ ${desktop} entry)
    if(NOT entry MATCHES "\nExec=planlens")
        fail("the .desktop file does not run planlens")
    endif()
    if(NOT entry MATCHES "\nIcon=${APP_ID}\n")
        fail("the .desktop Icon= is not ${APP_ID}")
    endif()
    find_program(DESKTOP_FILE_VALIDATE desktop-file-validate REQUIRED)   # desktop-file-utils (scripts/install-deps)
    execute_process(COMMAND ${DESKTOP_FILE_VALIDATE} ${desktop} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT (rc EQUAL 0 AND out STREQUAL ""))
        fail("desktop-file-validate: ${out}${err}")
    endif()
endif()
if(EXISTS ${icon})
    file(READ ${icon} svg)
    if(NOT svg MATCHES "<svg [^>]*viewBox=")
        fail("the icon is not an SVG with a viewBox")
    endif()
endif()
if(EXISTS ${metainfo})
    file(READ ${metainfo} meta)
    if(NOT meta MATCHES "<id>${APP_ID}</id>")
        fail("the metainfo <id> is not ${APP_ID}")
    endif()
    if(NOT meta MATCHES "<launchable type=\"desktop-id\">${APP_ID}.desktop</launchable>")
        fail("the metainfo does not launch ${APP_ID}.desktop")
    endif()
    if(NOT meta MATCHES "<release version=\"${VERSION}\"")
        fail("the metainfo has no <release> for ${VERSION}")
    endif()
    find_program(APPSTREAMCLI appstreamcli REQUIRED)   # appstream (scripts/install-deps)
    execute_process(COMMAND ${APPSTREAMCLI} validate --no-net ${metainfo}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        fail("appstreamcli validate: ${out}${err}")
    endif()
endif()

# The package: cpack from the same build (seconds: it installs and strips, no compiling), read back.
if(PACKAGE)
    set(pkgdir ${BUILD_DIR}/install-check/package)
    execute_process(COMMAND ${CMAKE_CPACK_COMMAND} -G DEB --config ${BUILD_DIR}/CPackConfig.cmake -B ${pkgdir}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    file(GLOB debs ${pkgdir}/planlens_${VERSION}_*.deb)
    list(LENGTH debs n)
    if(NOT rc EQUAL 0 OR NOT n EQUAL 1)
        fail("cpack made ${n} planlens_${VERSION}_*.deb (exit ${rc}): ${out}${err}")
    else()
        execute_process(COMMAND dpkg-deb -f ${debs} Package Version Depends Recommends Section Maintainer
                        OUTPUT_VARIABLE fields)
        message(STATUS "${debs}:\n${fields}")
        if(NOT fields MATCHES "Package: planlens\nVersion: ${VERSION}\n")
            fail("the .deb's name or version is wrong")
        endif()
        # dpkg-shlibdeps filled Depends from the linked libraries.
        foreach(lib libqt6widgets6 libpq5 libqscintilla2-qt6 libc6)
            if(NOT fields MATCHES "Depends: [^\n]*${lib}")
                fail("the .deb does not depend on ${lib}")
            endif()
        endforeach()
        if(NOT fields MATCHES "Recommends: postgresql-15")
            fail("the .deb does not recommend postgresql-15")
        endif()
        execute_process(COMMAND dpkg-deb -c ${debs} OUTPUT_VARIABLE listing)
        foreach(f usr/bin/planlens usr/share/applications/${APP_ID}.desktop
                  usr/share/icons/hicolor/scalable/apps/${APP_ID}.svg usr/share/metainfo/${APP_ID}.metainfo.xml
                  usr/share/doc/planlens/README.md)
            if(NOT listing MATCHES " \\./${f}\n")
                fail("the .deb does not hold /${f}")
            endif()
        endforeach()
    endif()
endif()

if(failures)
    list(JOIN failures "\n  " text)
    message(FATAL_ERROR "install check failed:\n  ${text}")
endif()
message(STATUS "installed into ${root}: planlens runs, menu entry, icon and metainfo valid")
