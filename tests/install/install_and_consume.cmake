# cmake -DLEADBOOK_BUILD_DIR=... -DWORK_DIR=... -DCONSUMER_SOURCE_DIR=...
#       -DEXAMPLES_DIR=... -DCONFIG=... -DGENERATOR=... -DC_COMPILER=...
#       -DCXX_COMPILER=... -DPKG_CONFIG=... [-DSANITIZE=address,undefined]
#       -P install_and_consume.cmake
#
# 1. cmake --install LEADBOOK_BUILD_DIR --prefix WORK_DIR/prefix
# 2. configures and builds CONSUMER_SOURCE_DIR against that prefix only
# 3. runs the two programs it built (the C++ and the C quick start)
# 4. checks the rest of the install: the CLI (run from the prefix), its man
#    page and bash completion, the pkg-config files, the docs
# 5. builds the two quick starts again with pkg-config instead of CMake
#    (leadbook for C, leadbook-cpp for C++) and runs them
cmake_minimum_required(VERSION 3.25)

foreach(var LEADBOOK_BUILD_DIR WORK_DIR CONSUMER_SOURCE_DIR EXAMPLES_DIR C_COMPILER CXX_COMPILER
    PKG_CONFIG CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_INCLUDEDIR CMAKE_INSTALL_DATADIR
    CMAKE_INSTALL_MANDIR CMAKE_INSTALL_DOCDIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "install_and_consume.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Debug)
endif()

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/consumer-build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run_step what)
  message(STATUS "install_and_consume: ${what}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "install_and_consume: ${what} failed (${status})")
  endif()
endfunction()

run_step("install into ${prefix}"
  ${CMAKE_COMMAND} --install ${LEADBOOK_BUILD_DIR} --prefix ${prefix} --config ${CONFIG})

# A sanitizer build installs instrumented libraries; the consumer must link
# the sanitizer runtimes too.
set(flags "")
if(SANITIZE)
  set(flags "-fsanitize=${SANITIZE} -fno-omit-frame-pointer")
endif()
set(generator_args "")
if(GENERATOR)
  set(generator_args -G ${GENERATOR})
endif()

run_step("configure the consumer"
  ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${consumer_build} ${generator_args}
    -DCMAKE_BUILD_TYPE=${CONFIG}
    -DCMAKE_C_COMPILER=${C_COMPILER}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    "-DCMAKE_C_FLAGS=${flags}"
    "-DCMAKE_CXX_FLAGS=${flags}"
    "-DCMAKE_EXE_LINKER_FLAGS=${flags}"
    -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DLEADBOOK_EXAMPLES_DIR=${EXAMPLES_DIR})

run_step("build the consumer" ${CMAKE_COMMAND} --build ${consumer_build} --config ${CONFIG})

# The programs find libleadbook.so through the build tree's RPATH, which
# points into the install prefix, not into the leadbook build.
foreach(program consumer_quickstart consumer_quickstart_c)
  set(path ${consumer_build}/${program})
  if(EXISTS ${consumer_build}/${CONFIG}/${program})
    set(path ${consumer_build}/${CONFIG}/${program})
  endif()
  run_step("run ${program}" ${path} ${WORK_DIR}/${program}.db)
endforeach()
# The rest of the install (CMAKE_INSTALL_*DIR are the build's, passed in).
foreach(file bin/leadbook ${CMAKE_INSTALL_MANDIR}/man1/leadbook.1
             ${CMAKE_INSTALL_DATADIR}/bash-completion/completions/leadbook
             ${CMAKE_INSTALL_LIBDIR}/pkgconfig/leadbook.pc
             ${CMAKE_INSTALL_LIBDIR}/pkgconfig/leadbook-cpp.pc
             ${CMAKE_INSTALL_INCLUDEDIR}/leadbook.h ${CMAKE_INSTALL_INCLUDEDIR}/leadbook/version.h
             ${CMAKE_INSTALL_DOCDIR}/LICENSE
             ${CMAKE_INSTALL_DOCDIR}/CHANGELOG.md
             ${CMAKE_INSTALL_DOCDIR}/docs/c-guide.md
             ${CMAKE_INSTALL_DOCDIR}/docs/cpp-guide.md)
  if(NOT EXISTS ${prefix}/${file})
    message(FATAL_ERROR "install_and_consume: ${file} was not installed")
  endif()
endforeach()
run_step("run the installed leadbook" ${prefix}/bin/leadbook --db ${WORK_DIR}/cli.db demo)

# pkg-config, with only the prefix's .pc files (relocatable: they find the
# prefix from their own folder).
set(ENV{PKG_CONFIG_PATH} ${prefix}/${CMAKE_INSTALL_LIBDIR}/pkgconfig)
function(pkg_config out)
  execute_process(COMMAND ${PKG_CONFIG} ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE flags
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "install_and_consume: pkg-config ${ARGN} failed")
  endif()
  message(STATUS "pkg-config ${ARGN}: ${flags}")
  separate_arguments(flags UNIX_COMMAND "${flags}")
  set(${out} ${flags} PARENT_SCOPE)
endfunction()
pkg_config(version --modversion leadbook)
pkg_config(c_flags --cflags --libs leadbook)
pkg_config(cpp_flags --cflags --libs --static leadbook-cpp)
separate_arguments(sanitize_flags UNIX_COMMAND "${flags}")
run_step("build the C quick start with pkg-config"
  ${C_COMPILER} -std=c11 ${sanitize_flags} ${EXAMPLES_DIR}/quickstart.c ${c_flags}
  -Wl,-rpath,${prefix}/${CMAKE_INSTALL_LIBDIR} -o ${WORK_DIR}/pkg_config_quickstart_c)
run_step("build the C++ quick start with pkg-config"
  ${CXX_COMPILER} ${sanitize_flags} ${EXAMPLES_DIR}/quickstart.cpp ${cpp_flags}
  -o ${WORK_DIR}/pkg_config_quickstart)
foreach(program pkg_config_quickstart_c pkg_config_quickstart)
  run_step("run ${program}" ${WORK_DIR}/${program} ${WORK_DIR}/${program}.db)
endforeach()
message(STATUS "install_and_consume: passed")
